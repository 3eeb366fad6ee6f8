/**
 * `kubeAegis/fixAll`: the edit of "Fix All Security Issues in File" with what it fixes, so the
 * client can say what it did (shared by client and server). One edit of the changed span: the
 * client applies it as one undo step and keeps the cursor where it was.
 */
import type { Range } from 'vscode-languageserver-types';

export const FIX_ALL_METHOD = 'kubeAegis/fixAll';

export interface FixAllParams {
  readonly uri: string;
  /** The document version the client sees; another version gets no edit. */
  readonly version: number;
}

export interface AppliedFix {
  readonly ruleId: string;
  readonly title: string;
}

export interface FixAllResult {
  /** Absent when there is nothing to fix (or the document changed meanwhile). */
  readonly edit?: { readonly range: Range; readonly newText: string };
  readonly applied: readonly AppliedFix[];
}
