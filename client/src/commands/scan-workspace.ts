/**
 * "Scan Workspace": every manifest of the workspace into the Problems panel, and a summary that
 * names what was skipped and why, and any mistake in .kube-aegis.yaml.
 *
 * With workspace diagnostics (the default) the server already reports every manifest, open or
 * not: the command waits for it to have read the workspace and asks for the summary
 * (`kubeAegis/workspaceSummary`). Otherwise (the `diagnosticsScope` setting limits the Problems
 * panel to open files) the files are sent to the server in batches (`kubeAegis/scanFiles`),
 * which analyses them and pushes their diagnostics.
 */
import { l10n, ProgressLocation, Uri, window, workspace, type CancellationToken, type Progress } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SCAN_FILES_METHOD,
  WORKSPACE_SUMMARY_METHOD,
  type ConfigurationProblems,
  type ScanFilesParams,
  type ScanFilesResult,
  type SkippedManifest,
  type WorkspaceSummaryResult,
} from '../../../server/src/lsp/scan-protocol.js';
import { MANIFEST_GLOB } from '../constants.js';
import { configurationWarning } from '../status-bar.js';

const BATCH_SIZE = 25;
const EXCLUDE_GLOB = '**/node_modules/**';

export interface ScanSummary {
  /** Manifest files found (checked and skipped). */
  readonly files: number;
  readonly scanned: number;
  readonly findings: number;
  readonly skipped: readonly SkippedManifest[];
  readonly configurationProblems: readonly ConfigurationProblems[];
  readonly cancelled: boolean;
  /** The message shown. */
  readonly message: string;
}

export function scanWorkspace(client: LanguageClient): Thenable<ScanSummary> {
  return window.withProgress(
    { location: ProgressLocation.Notification, title: l10n.t('Kube Aegis: scanning workspace'), cancellable: true },
    async (progress, token) => {
      const whole = await client.sendRequest<WorkspaceSummaryResult>(WORKSPACE_SUMMARY_METHOD, undefined, token).catch(() => null);
      const result = whole ?? (await scanInBatches(client, await workspace.findFiles(MANIFEST_GLOB, EXCLUDE_GLOB, undefined, token), progress, token));
      const cancelled = token.isCancellationRequested;
      const message = summaryMessage(result, cancelled);
      const summary: ScanSummary = { ...result, files: result.scanned + result.skipped.length, cancelled, message };
      if (result.configurationProblems.length) {
        void window.showWarningMessage(message, l10n.t('Open configuration')).then((choice) => {
          if (choice) void window.showTextDocument(Uri.parse(result.configurationProblems[0]!.uri));
        });
      } else {
        void window.showInformationMessage(message);
      }
      return summary;
    },
  );
}

export function summaryMessage(result: ScanFilesResult, cancelled: boolean): string {
  const files = result.scanned === 1 ? l10n.t('1 manifest file') : l10n.t('{0} manifest files', result.scanned);
  const findings = result.findings === 1 ? l10n.t('1 finding') : l10n.t('{0} findings', result.findings);
  const sentences = [
    cancelled
      ? l10n.t('Kube Aegis: cancelled after checking {0}: {1}; see the Problems panel.', files, findings)
      : l10n.t('Kube Aegis: checked {0}: {1}; see the Problems panel.', files, findings),
  ];
  if (result.skipped.length) {
    const named = result.skipped
      .slice(0, 5)
      .map((s) => l10n.t('{0} ({1})', workspace.asRelativePath(Uri.parse(s.uri)), s.reason))
      .reduce((list, item) => l10n.t('{0}, {1}', list, item));
    sentences.push(result.skipped.length > 5 ? l10n.t('Not checked: {0} and {1} more.', named, result.skipped.length - 5) : l10n.t('Not checked: {0}.', named));
  }
  for (const problems of result.configurationProblems) sentences.push(configurationWarning(problems).replace(/^Kube Aegis: /, '').replace(/^Kube Aegis：/, ''));
  return sentences.join(' ');
}

async function scanInBatches(client: LanguageClient, files: readonly Uri[], progress: Progress<{ message?: string; increment?: number }>, token: CancellationToken): Promise<ScanFilesResult> {
  let scanned = 0;
  let findings = 0;
  const skipped: SkippedManifest[] = [];
  let configurationProblems: readonly ConfigurationProblems[] = [];
  for (let at = 0; at < files.length && !token.isCancellationRequested; at += BATCH_SIZE) {
    const batch = files.slice(at, at + BATCH_SIZE);
    const params: ScanFilesParams = { uris: batch.map((uri) => uri.toString()) };
    try {
      const result = await client.sendRequest<ScanFilesResult>(SCAN_FILES_METHOD, params, token);
      scanned += result.scanned;
      findings += result.findings;
      skipped.push(...result.skipped);
      configurationProblems = result.configurationProblems;
    } catch (error) {
      if (!token.isCancellationRequested) throw error;
    }
    progress.report({ message: l10n.t('{0} of {1} files', Math.min(at + BATCH_SIZE, files.length), files.length), increment: (batch.length / files.length) * 100 });
  }
  return { scanned, findings, skipped, configurationProblems };
}
