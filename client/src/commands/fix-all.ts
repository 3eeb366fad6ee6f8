/**
 * "Fix All Security Issues in File": asks the server for the edit of every safe fix
 * (`kubeAegis/fixAll`), applies it as one undo step with the cursor kept where it was, and says
 * what it did, with an Undo.
 */
import { commands, l10n, Position, Range, Selection, window, type TextDocument, type TextEditor } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FIX_ALL_METHOD, type AppliedFix, type FixAllParams, type FixAllResult } from '../../../server/src/lsp/fix-all-protocol.js';

/** Applies every safe fix to the document (default: the active editor's); returns how many were applied. */
export async function fixAllInDocument(client: LanguageClient, document: TextDocument | undefined = window.activeTextEditor?.document): Promise<number> {
  if (!document) {
    void window.showInformationMessage(l10n.t('Kube Aegis: open a manifest to fix.'));
    return 0;
  }
  const editor = await window.showTextDocument(document, { preserveFocus: false, preview: false });
  const params: FixAllParams = { uri: client.code2ProtocolConverter.asUri(document.uri), version: document.version };
  const result = await client.sendRequest<FixAllResult>(FIX_ALL_METHOD, params);
  if (!result.edit || document.version !== params.version) {
    void window.showInformationMessage(l10n.t('Kube Aegis: nothing to fix automatically in this file.'));
    return 0;
  }
  const { start, end } = result.edit.range;
  const range = new Range(start.line, start.character, end.line, end.character);
  const selections = editor.selections;
  if (!(await editor.edit((builder) => builder.replace(range, result.edit!.newText)))) return 0;
  editor.selections = selections.map((selection) => {
    const kept = keptSelection(selection, range, result.edit!.newText);
    return new Selection(editor.document.validatePosition(kept.anchor), editor.document.validatePosition(kept.active));
  });
  void report(editor, result.applied);
  return result.applied.length;
}

async function report(editor: TextEditor, applied: readonly AppliedFix[]): Promise<void> {
  const version = editor.document.version;
  const byRule = new Map<string, number>();
  for (const fix of applied) byRule.set(fix.ruleId, (byRule.get(fix.ruleId) ?? 0) + 1);
  const rules = [...byRule].map(([id, count]) => (count > 1 ? `${id} ×${count}` : id)).join(', ');
  const message = applied.length === 1 ? l10n.t('Kube Aegis: applied 1 fix ({0}).', rules) : l10n.t('Kube Aegis: applied {0} fixes ({1}).', applied.length, rules);
  const undo = l10n.t('Undo');
  const choice = await window.showInformationMessage(message, undo);
  // Undo only what this command did: not once the document was edited again.
  if (choice !== undo || editor.document.version !== version) return;
  await window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  await commands.executeCommand('undo');
}

/** Where a selection is after `range` was replaced by `newText`: it moves with the text around it. */
export function keptSelection(selection: Selection, range: Range, newText: string): Selection {
  const move = (position: Position): Position => {
    if (position.isBeforeOrEqual(range.start)) return position;
    const lines = newText.split('\n');
    const newEnd = new Position(range.start.line + lines.length - 1, (lines.length === 1 ? range.start.character : 0) + lines[lines.length - 1]!.length);
    if (position.isBefore(range.end)) {
      // Inside the replaced span: the same line, where it still exists.
      return position.line <= newEnd.line ? position : newEnd;
    }
    const lineDelta = newEnd.line - range.end.line;
    const character = position.line === range.end.line ? position.character - range.end.character + newEnd.character : position.character;
    return new Position(position.line + lineDelta, character);
  };
  return new Selection(move(selection.anchor), move(selection.active));
}
