/**
 * `kubeAegis/scanFiles` (see scan-protocol.ts): analyses manifests that are not open and pushes
 * their diagnostics, so a workspace scan fills the Problems panel. Once such a file is opened, the
 * editor's own checks take over and the scan's diagnostics for it are cleared.
 */
import { readFile } from 'node:fs/promises';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, documentKindOf } from '../engine/index.js';
import { isConfigDocument } from './checks.js';
import { findingDiagnostic } from './diagnostics.js';
import { pathOf, type DocumentContexts } from './document-context.js';
import { RULES } from './rule-catalog.js';
import { SCAN_FILES_METHOD, type ScanFilesParams, type ScanFilesResult } from './scan-protocol.js';

export function answerScanFiles(connection: Connection, documents: TextDocuments<TextDocument>, contexts: DocumentContexts): void {
  const scanned = new Set<string>();
  const publish = (uri: string, diagnostics: Diagnostic[]) => void connection.sendDiagnostics({ uri, diagnostics });

  documents.onDidOpen(({ document }) => {
    if (scanned.delete(document.uri)) publish(document.uri, []);
  });

  connection.onRequest(SCAN_FILES_METHOD, async (params: ScanFilesParams, token): Promise<ScanFilesResult> => {
    let files = 0;
    let findings = 0;
    for (const uri of params.uris) {
      if (token.isCancellationRequested) break;
      if (documents.get(uri)) {
        files++; // open: already checked as it is edited
        continue;
      }
      const diagnostics = await scanFile(uri, contexts);
      if (!diagnostics) continue;
      files++;
      findings += diagnostics.length;
      scanned.add(uri);
      publish(uri, diagnostics);
    }
    return { scanned: files, findings };
  });
}

/** The diagnostics of a file on disk; undefined when it cannot be read or is not a manifest. */
async function scanFile(uri: string, contexts: DocumentContexts): Promise<Diagnostic[] | undefined> {
  const path = pathOf(uri);
  if (!path || isConfigDocument(uri)) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const context = await contexts.contextFor(uri);
  if (context.excluded) return [];
  // JSON Lines files are ABAC policies, with their own analyzer.
  const kind = documentKindOf(path);
  const document = TextDocument.create(uri, kind === 'abac' ? 'jsonl' : 'yaml', 0, text);
  return createAnalyzer(kind, RULES, context.config)
    .analyze(text)
    .findings.map((finding) => findingDiagnostic(document, finding));
}
