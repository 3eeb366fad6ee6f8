/**
 * Code actions for our diagnostics, computed from an analysis of the document's current text.
 * Every action carries its edits, so applying one needs no state on the server. Actions are
 * matched to diagnostics by range and rule id, never by message text.
 */
import { CodeActionKind, Command, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKindOf, fixAll, fixesToApply, ignoreLineEdit, ignoreObjectEdits, type Analysis, type EngineConfig, type Finding } from '../engine/index.js';
import { describesFinding } from './diagnostics.js';
import { RULES } from './rule-catalog.js';
import { templateActions } from './template-actions.js';
import type { WorkspaceEdits } from './workspace-edits.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kube-aegis`;
export const SHOW_DOCUMENTATION_COMMAND = 'kube-aegis.showRuleDocumentation';
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface ActionInput {
  readonly document: TextDocument;
  readonly analysis: Analysis;
  /** The analysis's findings and the document's cross-file findings. */
  readonly findings: readonly Finding[];
  readonly config: EngineConfig;
  /** Fix-all applies unsafe fixes too (setting `kubeAegis.fixAll.unsafe`). */
  readonly unsafeFixes?: boolean;
  /** The client applies `CreateFile` operations (for the "in a new file" actions). */
  readonly canCreateFiles: boolean;
  readonly params: CodeActionParams;
  readonly edits: WorkspaceEdits;
}

export function codeActions(input: ActionInput): CodeAction[] {
  const only = input.params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    const fixAllOffered = new Set<string>();
    for (const diagnostic of input.params.context.diagnostics) {
      const finding = input.findings.find((f) => describesFinding(input.document, diagnostic, f));
      if (finding) actions.push(...findingActions(input, diagnostic, finding, fixAllOffered));
    }
  }
  // Only on request: fixing the whole file re-analyses it, too much for every cursor move.
  if (only && wanted(only, FIX_ALL_KIND)) {
    const action = fixAllAction(input, undefined, 'Fix all Kube Aegis problems in this file', FIX_ALL_KIND);
    if (action) actions.push(action);
  }
  return actions;
}

/** True when an action of `kind` answers a request limited to `only` (a kind or a parent of it). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function findingActions(input: ActionInput, diagnostic: Diagnostic, finding: Finding, fixAllOffered: Set<string>): CodeAction[] {
  const { document, edits } = input;
  const id = finding.ruleId;
  const quickFix = (title: string, edit: CodeAction['edit'], extra: Partial<CodeAction> = {}): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(edit ? { edit } : {}),
    ...extra,
  });
  // An unsafe fix says so: it can stop a workload from starting or insert a value to choose.
  const actions = finding.fixes.map((fix) => quickFix(fix.safe ? fix.title : `${fix.title} (unsafe)`, edits.of(document, fix.edits), { isPreferred: fix.safe }));
  actions.push(...templateActions({ document, finding, diagnostic, config: input.config, edits, canCreateFiles: input.canCreateFiles }));
  if (!fixAllOffered.has(id) && fixesToApply(input.analysis.findings, id, input.unsafeFixes).length > 1) {
    fixAllOffered.add(id);
    const action = fixAllAction(input, id, `Fix all ${id} problems in this file`, CodeActionKind.QuickFix);
    if (action) actions.push({ ...action, diagnostics: [diagnostic] });
  }
  actions.push(quickFix(`Ignore ${id} for this line`, edits.of(document, [ignoreLineEdit(document.getText(), finding.start, id)])));
  const objectEdits = finding.object ? ignoreObjectEdits(input.analysis, finding.start, id) : undefined;
  if (objectEdits?.length) actions.push(quickFix(`Ignore ${id} for this resource`, edits.of(document, objectEdits)));
  const title = `Show documentation for ${id}`;
  actions.push(quickFix(title, undefined, { command: Command.create(title, SHOW_DOCUMENTATION_COMMAND, id) }));
  return actions;
}

/** Every safe fix (of one rule, or of all; unsafe ones too when set so), overlapping edits dropped, as one edit of the changed span. */
function fixAllAction(input: ActionInput, ruleId: string | undefined, title: string, kind: string): CodeAction | undefined {
  const unsafe = input.unsafeFixes === true;
  if (fixesToApply(input.analysis.findings, ruleId, unsafe).length === 0) return undefined;
  const text = input.document.getText();
  const documentKind = documentKindOf(input.document.uri, input.document.languageId);
  const fixed = fixAll(text, RULES, input.config, { kind: documentKind, unsafe, ...(ruleId === undefined ? {} : { ruleId }) });
  if (fixed.text === text) return undefined;
  return { title, kind, edit: input.edits.replacingText(input.document, fixed.text) };
}
