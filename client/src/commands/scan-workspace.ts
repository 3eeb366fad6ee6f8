/**
 * "Scan Workspace": every manifest of the workspace into the Problems panel. The server reads and
 * analyses the files (request `kubeAegis/scanFiles`); a server without that request gets the files
 * opened as documents instead, which it analyses like any open document.
 */
import { CancellationError, ProgressLocation, window, workspace, type CancellationToken, type Progress, type Uri } from 'vscode';
import { ErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
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
      const scanned = await scanFiles(client, files, progress, token);
      const summary = { files: files.length, scanned, cancelled: token.isCancellationRequested };
      const verb = summary.cancelled ? 'Cancelled after scanning' : 'Scanned';
      void window.showInformationMessage(`Kube Aegis: ${verb} ${scanned} of ${files.length} manifest files; see the Problems panel.`);
      return summary;
    },
  );
}

async function scanFiles(client: LanguageClient, files: readonly Uri[], progress: Progress<{ message?: string; increment?: number }>, token: CancellationToken): Promise<number> {
  let scanned = 0;
  let serverReadsFiles = true;
  for (let at = 0; at < files.length && !token.isCancellationRequested; at += BATCH_SIZE) {
    const batch = files.slice(at, at + BATCH_SIZE);
    if (serverReadsFiles) {
      const result = await requestScan(client, batch, token);
      if (result === 'unsupported') serverReadsFiles = false;
      else scanned += result?.scanned ?? 0;
    }
    if (!serverReadsFiles) scanned += await openAll(batch);
    progress.report({ message: `${Math.min(at + BATCH_SIZE, files.length)} of ${files.length} files`, increment: (batch.length / files.length) * 100 });
  }
  return scanned;
}

async function requestScan(client: LanguageClient, batch: readonly Uri[], token: CancellationToken): Promise<ScanFilesResult | 'unsupported' | undefined> {
  const params: ScanFilesParams = { uris: batch.map((uri) => uri.toString()) };
  try {
    return await client.sendRequest<ScanFilesResult>(SCAN_FILES_METHOD, params, token);
  } catch (error) {
    if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) return 'unsupported';
    if (token.isCancellationRequested || error instanceof CancellationError) return undefined;
    throw error;
  }
}

/** Opening a document makes the client send it to the server, which then publishes its diagnostics. */
async function openAll(batch: readonly Uri[]): Promise<number> {
  const opened = await Promise.allSettled(batch.map((uri) => workspace.openTextDocument(uri)));
  return opened.filter((result) => result.status === 'fulfilled').length;
}
