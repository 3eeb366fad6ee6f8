/**
 * "Scan Workspace" (see scan-protocol.ts). With workspace diagnostics, the summary of what the
 * server reports for the workspace; otherwise `kubeAegis/scanFiles` analyses manifests that are
 * not open and pushes their diagnostics (their own findings and their cross-file ones), so a
 * workspace scan fills the Problems panel. Once such a file is opened, the editor's own checks
 * take over and the scan's diagnostics for it are cleared.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, documentKindOf } from '../engine/index.js';
import { isConfigDocument } from './checks.js';
import type { ConfigFiles, FoundConfig } from './config-files.js';
import { limitedDiagnostics } from './diagnostic-limit.js';
import { findingDiagnostic } from './diagnostics.js';
import { pathOf, type DocumentContexts } from './document-context.js';
import { RULES } from './rule-catalog.js';
import {
  SCAN_FILES_METHOD,
  WORKSPACE_SUMMARY_METHOD,
  type ConfigurationProblems,
  type ScanFilesParams,
  type ScanFilesResult,
  type SkippedManifest,
  type WorkspaceSummaryResult,
} from './scan-protocol.js';
import type { WorkspaceDiagnostics } from './workspace-diagnostics.js';
import type { WorkspaceManifests } from './workspace-manifests.js';
import { t } from '../l10n/t.js';

export interface ScanServices {
  readonly documents: TextDocuments<TextDocument>;
  readonly contexts: DocumentContexts;
  readonly configFiles: ConfigFiles;
  readonly manifests: WorkspaceManifests;
  /** Present when the client pulls workspace diagnostics. */
  readonly workspaceDiagnostics?: WorkspaceDiagnostics;
}

/** A configuration file's mistakes as the protocol reports them (undefined: none). */
export function configurationProblemsOf(config: FoundConfig | undefined): ConfigurationProblems | undefined {
  if (!config || config.problems.length === 0) return undefined;
  return { uri: pathToFileURL(config.path).href, problems: config.problems.length, usable: config.usable, first: config.problems[0]!.message };
}

async function allConfigurationProblems(configFiles: ConfigFiles): Promise<ConfigurationProblems[]> {
  return (await configFiles.all()).flatMap((config) => configurationProblemsOf(config) ?? []);
}

export function answerScanFiles(connection: Connection, services: ScanServices): void {
  const { documents, contexts } = services;
  const scanned = new Set<string>();
  const publish = (uri: string, diagnostics: Diagnostic[]) => void connection.sendDiagnostics({ uri, diagnostics });

  documents.onDidOpen(({ document }) => {
    if (scanned.delete(document.uri)) publish(document.uri, []);
  });

  connection.onRequest(WORKSPACE_SUMMARY_METHOD, async (): Promise<WorkspaceSummaryResult> => {
    const workspace = services.workspaceDiagnostics;
    if (!workspace || (await contexts.settingsOf()).diagnosticsScope === 'openFiles') return null;
    let files = 0;
    let findings = 0;
    for (const [uri, { diagnostics }] of await workspace.allDiagnostics()) {
      // Configuration files, and YAML or JSON that holds no Kubernetes object, are no manifests.
      if (isConfigDocument(uri) || (diagnostics.length === 0 && !services.manifests.holdsObjects(uri))) continue;
      files++;
      findings += diagnostics.length;
    }
    return { scanned: files, findings, skipped: services.manifests.skipped(), configurationProblems: await allConfigurationProblems(services.configFiles) };
  });

  connection.onRequest(SCAN_FILES_METHOD, async (params: ScanFilesParams, token): Promise<ScanFilesResult> => {
    let files = 0;
    let findings = 0;
    const skipped: SkippedManifest[] = [];
    // Cross-file findings need the whole workspace read.
    await services.manifests.indexed();
    for (const uri of params.uris) {
      if (token.isCancellationRequested) break;
      if (documents.get(uri)) {
        files++; // open: already checked as it is edited
        continue;
      }
      const result = await scanFile(uri, contexts, services.manifests);
      if (!result) continue;
      if ('skipped' in result) {
        skipped.push({ uri, reason: result.skipped });
        continue;
      }
      files++;
      findings += result.diagnostics.length;
      scanned.add(uri);
      publish(uri, result.diagnostics);
    }
    return { scanned: files, findings, skipped, configurationProblems: await allConfigurationProblems(services.configFiles) };
  });
}

/** The diagnostics of a file on disk, or why it was not checked; undefined for what is no manifest (configuration files). */
async function scanFile(uri: string, contexts: DocumentContexts, manifests: WorkspaceManifests): Promise<{ diagnostics: Diagnostic[] } | { skipped: string } | undefined> {
  const path = pathOf(uri);
  if (!path || isConfigDocument(uri)) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { skipped: t('unreadable ({0})', (error as NodeJS.ErrnoException).code ?? 'error') };
  }
  const context = await contexts.contextFor(uri);
  if (context.excluded) return { skipped: t('excluded by the ignore settings') };
  // JSON Lines files are ABAC policies, with their own analyzer.
  const kind = documentKindOf(path);
  const document = TextDocument.create(uri, kind === 'abac' ? 'jsonl' : 'yaml', 0, text);
  const own = createAnalyzer(kind, RULES, context.config).analyze(text).findings;
  const findings = [...own, ...manifests.findingsFor(uri)].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { diagnostics: limitedDiagnostics(findings, context.maxProblems, (finding) => findingDiagnostic(document, finding)) };
}
