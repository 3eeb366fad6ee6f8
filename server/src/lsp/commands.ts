/**
 * Commands the code actions carry. The VS Code client runs "show documentation" itself; clients
 * that hand every command back to the server (Helix, Neovim without a handler) get the page opened
 * through `window/showDocument`, or its address in a message. The command is deliberately not
 * declared in `executeCommandProvider`: VS Code would register it a second time and fail.
 */
import { MessageType, ShowDocumentRequest, ShowMessageNotification, type Connection, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { ruleDocUrl } from '../engine/index.js';
import { SHOW_DOCUMENTATION_COMMAND } from './code-actions.js';
import { ruleMeta } from './rule-catalog.js';

export async function executeCommand(connection: Connection, params: ExecuteCommandParams, canShowDocument: boolean): Promise<void> {
  const id = params.arguments?.[0];
  if (params.command !== SHOW_DOCUMENTATION_COMMAND || typeof id !== 'string' || !ruleMeta(id)) return;
  const uri = ruleDocUrl(id);
  if (canShowDocument) {
    const shown = await connection.sendRequest(ShowDocumentRequest.type, { uri, external: true });
    if (shown.success) return;
  }
  // A notification: `window.showInformationMessage` would send a request the client may not answer.
  await connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Documentation of ${id}: ${uri}` });
}
