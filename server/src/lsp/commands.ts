/**
 * Commands the code actions and code lenses carry. The VS Code client runs them itself; clients
 * that hand every command back to the server (Helix, Neovim without a handler) get the
 * documentation opened through `window/showDocument` (or its address in a message), and the
 * findings behind a Pod Security level listed in a message. The commands are deliberately not
 * declared in `executeCommandProvider`: VS Code would register them a second time and fail.
 */
import { MessageType, ShowDocumentRequest, ShowMessageNotification, type Connection, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { ruleDocUrl } from '../engine/index.js';
import { SHOW_DOCUMENTATION_COMMAND } from './code-actions.js';
import { SHOW_LEVEL_FINDINGS_COMMAND, type LevelFindings } from './security-level-protocol.js';
import { ruleMeta } from './rule-catalog.js';
import { levelName } from '../l10n/names.js';
import { currentLocale, t } from '../l10n/t.js';

export async function executeCommand(connection: Connection, params: ExecuteCommandParams, canShowDocument: boolean): Promise<void> {
  const argument: unknown = params.arguments?.[0];
  if (params.command === SHOW_DOCUMENTATION_COMMAND && typeof argument === 'string' && ruleMeta(argument)) {
    await showDocumentation(connection, argument, canShowDocument);
  } else if (params.command === SHOW_LEVEL_FINDINGS_COMMAND && isLevelFindings(argument)) {
    await showMessage(connection, levelFindingsText(argument));
  }
}

async function showDocumentation(connection: Connection, id: string, canShowDocument: boolean): Promise<void> {
  const uri = ruleDocUrl(id, currentLocale());
  if (canShowDocument) {
    const shown = await connection.sendRequest(ShowDocumentRequest.type, { uri, external: true });
    if (shown.success) return;
  }
  await showMessage(connection, t('Documentation of {0}: {1}', id, uri));
}

/** A notification: `window.showInformationMessage` would send a request the client may not answer. */
function showMessage(connection: Connection, message: string): Promise<void> {
  return connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
}

export function levelFindingsText(findings: LevelFindings): string {
  const level = (name: string) => (name === 'privileged' || name === 'baseline' || name === 'restricted' ? levelName(name) : name);
  const head = t('{0}: Pod Security {1}', findings.workload, level(findings.level));
  if (!findings.next) return t('{0}.', head);
  const lines = findings.blockers.map((b) => t('line {0}: {1}: {2}', b.range.start.line + 1, b.ruleId, b.message));
  return [t('{0}; in the way of {1}:', head, level(findings.next)), ...lines].join('\n');
}

function isLevelFindings(value: unknown): value is LevelFindings {
  const candidate = value as Partial<LevelFindings> | undefined;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.workload === 'string' && Array.isArray(candidate.blockers);
}
