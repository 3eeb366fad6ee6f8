/**
 * `workspace/diagnostic`: the findings of every manifest of the workspace, and the problems of
 * every `.kube-aegis.yaml` read, so the Problems panel shows what `kube-aegis scan` reports for
 * the folder whatever tabs are open. Files of Helm charts and kustomizations are reported with
 * the findings of their roots' renders, as the CLI reports them. Open documents are reported too, with their version: VS Code
 * keeps a document open for a while after its tab closes, and then takes its diagnostics from
 * this report rather than from document pulls. The request is held open while nothing changed
 * for the client (a long poll): it is answered when an index or configuration change moves
 * something the client holds.
 */
import { pathToFileURL } from 'node:url';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentKindOf, type Finding } from '../engine/index.js';
import { sameFindings } from './checks.js';
import type { ConfigFiles } from './config-files.js';
import { limitedDiagnostics } from './diagnostic-limit.js';
import { configDiagnostics, findingDiagnostic } from './diagnostics.js';
import { PullResults } from './pull-results.js';
import type { DiagnosticsScope } from './settings.js';
import { keyOf, type ClosedFile, type WorkspaceManifests } from './workspace-manifests.js';

/** The findings of the renders of charts and kustomizations, on the files of the roots. */
export interface RenderedFiles {
  files(): readonly { readonly path: string; readonly text: string; readonly findings: readonly Finding[] }[];
  /** Increases with every render (the findings also move with the index). */
  readonly version: number;
  /** Resolves once the renders under way and scheduled are done. */
  settled(): Promise<void>;
}

export interface WorkspaceDiagnosticsInput {
  readonly manifests: WorkspaceManifests;
  readonly rendered: RenderedFiles;
  readonly configFiles: ConfigFiles;
  /** The current diagnostics of the open documents of the workspace (manifests and configuration files). */
  openDocuments(): Promise<OpenDiagnostics[]>;
  /** The `diagnosticsScope` setting. */
  scope(): Promise<DiagnosticsScope>;
  /** The `maxProblemsPerFile` setting (no limit when absent). */
  maxProblemsPerFile?(): Promise<number>;
}

export interface OpenDiagnostics {
  readonly uri: string;
  readonly version: number;
  readonly diagnostics: Diagnostic[];
}

/** Diagnostics by URI, with the document version they are for (null: the file on disk). */
export type FileDiagnostics = Map<string, { readonly version: number | null; readonly diagnostics: Diagnostic[] }>;

type ClosedDiagnostics = Map<string, Diagnostic[]>;

/** How long changes must settle before a held request is answered. */
const WAKE_DELAY_MS = 150;

/** The own findings of a file only rendered findings are reported on (one array, so conversions are kept). */
const NO_FINDINGS: readonly Finding[] = [];

export class WorkspaceDiagnostics {
  private readonly results = new PullResults();
  /** URIs the client holds a non-empty report for (a file gone or opened gets an empty one). */
  private readonly reported = new Set<string>();
  private waiting: (() => void)[] = [];
  private wakeTimer?: NodeJS.Timeout;
  /** Per file on disk, the diagnostics of its last findings (most changes leave most files as they were). */
  private readonly converted = new Map<string, { own: readonly Finding[]; crossFile: readonly Finding[]; limit: number; diagnostics: Diagnostic[] }>();
  private computed?: { readonly key: string; readonly diagnostics: ClosedDiagnostics };
  /** Bumped when configuration files may have changed (their problems are part of the result). */
  private configEpoch = 0;

  constructor(private readonly input: WorkspaceDiagnosticsInput) {}

  /**
   * Something the results depend on changed: held requests are answered, once the changes
   * settle (typing changes the index on every keystroke).
   */
  changed(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => {
      const waiting = this.waiting;
      this.waiting = [];
      for (const wake of waiting) wake();
    }, WAKE_DELAY_MS);
  }

  /** Settings or a configuration file changed. */
  configurationChanged(): void {
    this.configEpoch++;
    this.changed();
  }

  /** A document was closed: the next report of its file is sent in full (the client dropped its state). */
  documentClosed(uri: string): void {
    this.results.forget(keyOf(uri));
  }

  async report(params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((p) => [keyOf(p.uri), p.value]));
    for (;;) {
      await this.settled();
      const current = await this.current();
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const [uri, { version, diagnostics }] of current) {
        const report = this.results.report(keyOf(uri), diagnostics, previous.get(keyOf(uri)));
        if (report.kind === DocumentDiagnosticReportKind.Full) items.push({ ...report, uri, version });
        if (diagnostics.length) this.reported.add(uri);
        else this.reported.delete(uri);
      }
      for (const uri of [...this.reported]) {
        if (current.has(uri)) continue;
        // Gone, excluded or out of scope: the client drops what it showed.
        this.reported.delete(uri);
        this.results.forget(keyOf(uri));
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
      }
      if (items.length || token.isCancellationRequested) return { items };
      // Nothing new for this client: answer when something changes.
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
      if (token.isCancellationRequested) return { items: [] };
    }
  }

  /** A file's diagnostics, converted again only when its findings changed. */
  private diagnosticsOf(file: ClosedFile, limit: number): Diagnostic[] {
    const known = this.converted.get(file.uri);
    if (known && known.own === file.own && known.limit === limit && sameFindings(known.crossFile, file.crossFile)) return known.diagnostics;
    const document = TextDocument.create(file.uri, documentKindOf(file.uri) === 'abac' ? 'jsonl' : 'yaml', 0, file.text);
    const findings = [...file.own, ...file.crossFile].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    const diagnostics = limitedDiagnostics(findings, limit, (finding) => findingDiagnostic(document, finding));
    this.converted.set(file.uri, { own: file.own, crossFile: file.crossFile, limit, diagnostics });
    return diagnostics;
  }

  /** The diagnostics of every file of the workspace, open or not. */
  async allDiagnostics(): Promise<FileDiagnostics> {
    await this.settled();
    return this.current();
  }

  /** The index read and the roots rendered (a render changes the index, a walk may find roots). */
  private async settled(): Promise<void> {
    let version: string | undefined;
    while (version !== `${this.input.manifests.version}:${this.input.rendered.version}`) {
      version = `${this.input.manifests.version}:${this.input.rendered.version}`;
      await this.input.manifests.indexed();
      await this.input.rendered.settled();
    }
  }

  /** Files on disk: computed once per state of the index and configuration; open documents: as checked now. */
  private async current(): Promise<FileDiagnostics> {
    const scope = await this.input.scope();
    const limit = (await this.input.maxProblemsPerFile?.()) ?? Infinity;
    const key = `${scope}:${limit}:${this.input.manifests.version}:${this.input.rendered.version}:${this.configEpoch}`;
    if (this.computed?.key !== key) {
      const diagnostics: ClosedDiagnostics = new Map();
      if (scope === 'workspace') {
        const seen = new Set<string>();
        const rendered = new Map(this.input.rendered.files().map((file) => [pathToFileURL(file.path).href, file]));
        for (const file of this.input.manifests.closedFiles()) {
          seen.add(file.uri);
          const extra = rendered.get(file.uri)?.findings;
          rendered.delete(file.uri);
          diagnostics.set(file.uri, this.diagnosticsOf(extra ? { ...file, crossFile: [...file.crossFile, ...extra] } : file, limit));
        }
        for (const [uri, file] of rendered) {
          seen.add(uri);
          diagnostics.set(uri, this.diagnosticsOf({ uri, text: file.text, own: NO_FINDINGS, crossFile: file.findings }, limit));
        }
        for (const uri of this.converted.keys()) if (!seen.has(uri)) this.converted.delete(uri);
      }
      // Configuration files are shown in every scope: a mistake there changes every file's result.
      for (const config of await this.input.configFiles.all()) {
        if (config.problems.length === 0) continue;
        const uri = pathToFileURL(config.path).href;
        const document = TextDocument.create(uri, 'yaml', 0, config.text);
        diagnostics.set(uri, configDiagnostics(document, config.problems));
      }
      this.computed = { key, diagnostics };
    }
    const out: FileDiagnostics = new Map();
    for (const [uri, diagnostics] of this.computed.diagnostics) out.set(uri, { version: null, diagnostics });
    if (scope === 'workspace') {
      for (const open of await this.input.openDocuments()) {
        // The editor's text wins over the file on disk, spelt as the client spells the document.
        out.delete(keyOf(open.uri));
        out.set(open.uri, { version: open.version, diagnostics: open.diagnostics });
      }
    }
    return out;
  }
}

