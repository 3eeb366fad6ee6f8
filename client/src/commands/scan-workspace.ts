/**
 * "Scan Workspace": every manifest of the workspace into the Problems panel. The files are sent
 * to the server in batches (request `kubeAegis/scanFiles`); it reads and analyses them and pushes
 * their diagnostics. Opening a document would not do: VS Code only asks for the diagnostics of
 * documents shown in an editor, and closes unshown documents after a while.
 */
import { ProgressLocation, window, workspace, type CancellationToken, type Progress, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SCAN_FILES_METHOD, type ScanFilesParams, type ScanFilesResult } from '../../../server/src/lsp/scan-protocol.js';
import { MANIFEST_GLOB } from '../constants.js';

const BATCH_SIZE = 25;
const EXCLUDE_GLOB = '**/node_modules/**';

export interface ScanSummary {
  readonly files: number;
  readonly scanned: number;
  readonly cancelled: boolean;
}

export function scanWorkspace(client: LanguageClient): Thenable<ScanSummary> {
  return window.withProgress(
    { location: ProgressLocation.Notification, title: 'Kube Aegis: scanning workspace', cancellable: true },
    async (progress, token) => {
      const files = await workspace.findFiles(MANIFEST_GLOB, EXCLUDE_GLOB, undefined, token);
      const scanned = await scanInBatches(client, files, progress, token);
      const summary = { files: files.length, scanned, cancelled: token.isCancellationRequested };
      const verb = summary.cancelled ? 'Cancelled after scanning' : 'Scanned';
      void window.showInformationMessage(`Kube Aegis: ${verb} ${scanned} of ${files.length} manifest files; see the Problems panel.`);
      return summary;
    },
  );
}

async function scanInBatches(client: LanguageClient, files: readonly Uri[], progress: Progress<{ message?: string; increment?: number }>, token: CancellationToken): Promise<number> {
  let scanned = 0;
  for (let at = 0; at < files.length && !token.isCancellationRequested; at += BATCH_SIZE) {
    const batch = files.slice(at, at + BATCH_SIZE);
    const params: ScanFilesParams = { uris: batch.map((uri) => uri.toString()) };
    try {
      scanned += (await client.sendRequest<ScanFilesResult>(SCAN_FILES_METHOD, params, token)).scanned;
    } catch (error) {
      if (!token.isCancellationRequested) throw error;
    }
    progress.report({ message: `${Math.min(at + BATCH_SIZE, files.length)} of ${files.length} files`, increment: (batch.length / files.length) * 100 });
  }
  return scanned;
}
