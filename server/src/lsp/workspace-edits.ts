/** Engine edits (offsets) as LSP workspace edits (positions), versioned when the client allows it. */
import { CreateFile, TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit as EngineEdit } from '../engine/index.js';
import { rangeOf } from './diagnostics.js';

export class WorkspaceEdits {
  /** `versioned`: the client takes `documentChanges`, so an edit for an older version is refused. */
  constructor(private readonly versioned: boolean) {}

  of(document: TextDocument, edits: readonly EngineEdit[]): WorkspaceEdit {
    const lspEdits: TextEdit[] = edits.map((edit) => ({ range: rangeOf(document, edit), newText: edit.text }));
    if (this.versioned) return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, lspEdits)] };
    return { changes: { [document.uri]: lspEdits } };
  }

  /** A new file holding `text` (for clients that apply resource operations; it must not exist). */
  creatingFile(uri: string, text: string): WorkspaceEdit {
    const start = { line: 0, character: 0 };
    return {
      documentChanges: [
        CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }),
        TextDocumentEdit.create({ uri, version: null }, [{ range: { start, end: start }, newText: text }]),
      ],
    };
  }

  /** One edit that turns the document's text into `next`, replacing only the span that differs. */
  replacingText(document: TextDocument, next: string): WorkspaceEdit {
    return this.of(document, [changedSpan(document.getText(), next)]);
  }
}

/** The smallest single edit from `before` to `after` (common prefix and suffix kept). */
export function changedSpan(before: string, after: string): EngineEdit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  // Never split a surrogate pair: positions must fall on character boundaries.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
