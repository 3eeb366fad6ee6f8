/** "Fix All Security Issues in File": runs the server's `source.fixAll.kube-aegis` action. */
import { CodeAction, CodeActionKind, commands, Range, window, workspace, type TextDocument } from 'vscode';
import { FIX_ALL_KIND } from '../constants.js';

/** Applies every safe fix to the document (default: the active editor's); true when it changed. */
export async function fixAllInDocument(document: TextDocument | undefined = window.activeTextEditor?.document): Promise<boolean> {
  if (!document) {
    void window.showInformationMessage('Kube Aegis: open a manifest to fix.');
    return false;
  }
  const wholeFile = new Range(0, 0, document.lineCount, 0);
  const actions =
    (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', document.uri, wholeFile, FIX_ALL_KIND)) ?? [];
  const fixAllKind = CodeActionKind.Source.append('fixAll').append('kube-aegis');
  const action = actions.find((a) => a.kind && fixAllKind.contains(a.kind));
  if (!action) {
    void window.showInformationMessage('Kube Aegis: nothing to fix automatically in this file.');
    return false;
  }
  let changed = false;
  if (action.edit) changed = await workspace.applyEdit(action.edit);
  if (action.command) await commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return changed;
}
