/**
 * Checking open documents. Each document keeps one engine Analyzer, so a new version re-parses
 * only the `---` sections whose text changed. Checks are debounced and a newer version always
 * wins: a check that finishes after its document moved on is dropped, never published.
 *
 * A document's diagnostics are its own findings plus its cross-file findings (from the
 * workspace index, which every analysis updates). When the index changes, the open documents
 * whose cross-file findings moved are reported again, and only those.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, documentKindOf, parseConfigText, type Analysis, type DocumentAnalyzer, type Finding } from '../engine/index.js';
import { isConfigFileName } from './config-files.js';
import { LIMIT_NOTICE_CODE, limitNotice, shownFindings } from './diagnostic-limit.js';
import { configDiagnostics, findingDiagnostics } from './diagnostics.js';
import { pathOf, type DocumentContext, type DocumentContexts } from './document-context.js';
import { RULES } from './rule-catalog.js';
import type { WorkspaceManifests } from './workspace-manifests.js';

export interface CheckResult {
  readonly version: number;
  /** The document's own diagnostics, then its cross-file ones. */
  readonly diagnostics: Diagnostic[];
  /** The engine's analysis of that version (absent for configuration files and excluded files). */
  readonly analysis?: Analysis;
  /** Cross-file findings of this document (file offsets), as of the index when they were read. */
  readonly crossFile?: readonly Finding[];
  readonly context?: DocumentContext;
  /** The document was checked through a rendering (its own findings left out). */
  readonly owned?: boolean;
  /** The text and the findings (in order) `diagnostics` were made from, for the next version to reuse them. */
  readonly diagnosed?: { readonly text: string; readonly findings: readonly Finding[] };
}

/** An open document with the analysis of its current text (what code actions and hovers read). */
export interface DocumentAnalysis {
  readonly document: TextDocument;
  readonly analysis: Analysis;
  /** The analysis's findings and the document's cross-file findings. */
  readonly findings: readonly Finding[];
  readonly context: DocumentContext;
}

/** New diagnostics for an open document whose cross-file findings changed. */
export interface Republished {
  readonly uri: string;
  readonly version: number;
  readonly diagnostics: Diagnostic[];
}

/** Why a check runs: `change` checks are debounced, and skipped when checking on save only. */
export type Trigger = 'open' | 'change' | 'save' | 'configuration';

export interface CheckOptions {
  readonly debounceMs: number;
  /** Sends a result to the client (push diagnostics). */
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** Open documents whose diagnostics changed because other files did. */
  crossFileChanged(documents: readonly Republished[]): void;
  /** Verbose log (shown when the client traces the server). */
  trace(message: string): void;
  error(message: string): void;
  /** Findings of rendered charts and kustomizations on their files (see rendered-roots.ts). */
  readonly rendered?: RenderedFindings;
}

/** What checks read of the rendered roots: never waiting for a render. */
export interface RenderedFindings {
  /** The file is checked through a rendering: its own analysis is not reported. */
  owns(uri: string): boolean;
  findingsFor(uri: string): readonly Finding[];
}

interface DocumentState {
  analyzer?: DocumentAnalyzer;
  configKey?: string;
  pending?: Pending;
  /** Bumped by every scheduled check: a check that ends under an older generation is stale. */
  generation: number;
  latest?: CheckResult;
}

export function isConfigDocument(uri: string): boolean {
  return isConfigFileName(pathOf(uri) ?? uri);
}

export class DocumentChecks {
  private readonly states = new Map<string, DocumentState>();
  /** One counter for all documents, so a check from before a close and re-open is never current. */
  private lastGeneration = 0;
  private crossFileTimer?: NodeJS.Timeout;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly contexts: DocumentContexts,
    private readonly manifests: WorkspaceManifests,
    private readonly options: CheckOptions,
  ) {}

  /** Checks the document's newest version after the debounce delay, replacing a pending check. */
  schedule(uri: string, trigger: Trigger): void {
    const state = this.stateOf(uri);
    const generation = ++this.lastGeneration;
    state.generation = generation;
    state.pending?.cancel();
    const delay = trigger === 'change' ? this.options.debounceMs : 0;
    state.pending = runLater(delay, () => {
      state.pending = undefined;
      void this.checkAndPublish(uri, trigger, generation);
    });
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  /** The open document `uri`, if it is open. */
  documentOf(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** Schedules every open document again (settings or a configuration file changed). */
  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, 'configuration');
  }

  /** Forgets a closed document and clears its diagnostics; its file on disk counts again. */
  close(uri: string): void {
    const state = this.states.get(uri);
    state?.pending?.cancel();
    this.states.delete(uri);
    this.options.publish(uri, undefined, []);
    this.manifests.documentClosed(uri).catch((error: unknown) => this.options.error(`Re-reading ${uri} failed: ${String(error)}`));
  }

  /**
   * The workspace index changed: soon, report again every open document whose cross-file
   * findings moved. Documents with a check pending are left to it.
   */
  indexChanged(): void {
    clearTimeout(this.crossFileTimer);
    this.crossFileTimer = setTimeout(() => {
      this.crossFileTimer = undefined;
      const changed = this.refreshCrossFile();
      if (changed.length) this.options.crossFileChanged(changed);
    }, this.options.debounceMs);
  }

  /**
   * The result for the document's current version; undefined when the document closed or
   * changed while the configuration was being read (a newer check follows).
   */
  async check(uri: string, trigger: Trigger): Promise<CheckResult | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    if (isConfigDocument(uri)) return this.checkConfigDocument(document);
    const version = document.version;
    const context = await this.contexts.contextFor(uri);
    // Another version, or the document was closed (and maybe re-opened as a new document).
    if (this.documents.get(uri) !== document || document.version !== version) return undefined;
    const state = this.stateOf(uri);
    const latest = state.latest;
    if (trigger === 'change' && context.run === 'onSave' && latest?.context?.configKey === context.configKey) return latest;
    // Asked again about the version it checked last (a client pulling every open document after
    // another one changed): only the cross-file findings can have moved.
    const current =
      latest?.analysis && !context.excluded && latest.version === document.version && latest.context?.configKey === context.configKey && latest.context.maxProblems === context.maxProblems;
    state.latest = current ? this.withCrossFile(document, latest) : this.analyse(document, context, state);
    return state.latest;
  }

  /** The analysis of the document's current text, reusing the last check when it is current. */
  async analysisOf(uri: string): Promise<DocumentAnalysis | undefined> {
    if (!this.documents.get(uri) || isConfigDocument(uri)) return undefined;
    const context = await this.contexts.contextFor(uri);
    const document = this.documents.get(uri);
    if (!document || context.excluded) return undefined;
    const state = this.stateOf(uri);
    const latest = state.latest;
    const current =
      latest?.analysis && latest.version === document.version && latest.context?.configKey === context.configKey ? latest : this.analyse(document, context, state);
    state.latest = current;
    if (!current.analysis) return undefined;
    return { document, analysis: current.analysis, findings: [...this.ownFindings(document.uri, current.analysis), ...(current.crossFile ?? [])], context };
  }

  private async checkAndPublish(uri: string, trigger: Trigger, generation: number): Promise<void> {
    let result: CheckResult | undefined;
    try {
      result = await this.check(uri, trigger);
    } catch (error) {
      this.options.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    // Stale: the document closed, changed, or a newer check was scheduled meanwhile.
    if (!result || this.states.get(uri)?.generation !== generation || this.documents.get(uri)?.version !== result.version) return;
    this.options.publish(uri, result.version, result.diagnostics);
  }

  private analyse(document: TextDocument, context: DocumentContext, state: DocumentState): CheckResult {
    if (context.excluded) {
      this.manifests.documentAnalysed(document.uri, undefined, context.config);
      return { version: document.version, diagnostics: [], context };
    }
    if (!state.analyzer || state.configKey !== context.configKey) {
      state.analyzer = createAnalyzer(documentKindOf(document.uri, document.languageId, document.getText()), RULES, context.config);
      state.configKey = context.configKey;
    }
    const started = performance.now();
    const analysis = state.analyzer.analyze(document.getText());
    this.manifests.documentAnalysed(document.uri, analysis, context.config);
    // The diagnostics of the last version that read the same are reused (see findingDiagnostics).
    const result = this.withCrossFile(document, { version: document.version, diagnostics: [], analysis, context }, state.latest);
    this.options.trace(
      `${document.uri} v${document.version}: ${analysis.findings.length} findings, ${result.crossFile?.length ?? 0} across files; parsed ${analysis.reparsed} of ${analysis.sections.length} documents in ${(performance.now() - started).toFixed(1)} ms`,
    );
    return result;
  }

  /**
   * `result` with the document's current cross-file findings (itself when they did not move).
   * `previous`: the result whose diagnostics are reused where they read the same (by default, `result`).
   */
  private withCrossFile(document: TextDocument, result: CheckResult, previous: CheckResult | undefined = result): CheckResult {
    if (!result.analysis) return result;
    const rendered = this.options.rendered;
    const inIndex = this.manifests.findingsFor(document.uri);
    const fromRenderings = rendered?.findingsFor(document.uri) ?? [];
    const crossFile = fromRenderings.length ? [...inIndex, ...fromRenderings] : inIndex;
    const owned = rendered?.owns(document.uri) ?? false;
    if (result.crossFile && sameFindings(crossFile, result.crossFile) && (result.owned ?? false) === owned) return result;
    const own = this.ownFindings(document.uri, result.analysis);
    const all = crossFile.length ? [...own, ...crossFile] : own;
    const findings = shownFindings(all, result.context?.maxProblems ?? Infinity);
    // The notice of findings left out comes first; the diagnostics after it are those of `findings`.
    const previousDiagnostics = previous?.diagnostics[0]?.code === LIMIT_NOTICE_CODE ? previous.diagnostics.slice(1) : previous?.diagnostics;
    const before = previous?.diagnosed && previousDiagnostics && { ...previous.diagnosed, diagnostics: previousDiagnostics };
    const diagnostics = findingDiagnostics(document, findings, before);
    if (findings.length < all.length) diagnostics.unshift(limitNotice(findings.length, all.length));
    return { ...result, diagnostics, crossFile, owned, diagnosed: { text: document.getText(), findings } };
  }

  /** The document's own findings, unless it is checked through the rendering of its chart or kustomization. */
  private ownFindings(uri: string, analysis: Analysis): readonly Finding[] {
    return this.options.rendered?.owns(uri) ? [] : analysis.findings;
  }

  private refreshCrossFile(): Republished[] {
    const changed: Republished[] = [];
    for (const document of this.documents.all()) {
      const state = this.states.get(document.uri);
      const latest = state?.latest;
      if (!state || state.pending || !latest?.analysis || latest.version !== document.version) continue;
      // Most index changes move no finding of most documents: then the result comes back as it was.
      const next = this.withCrossFile(document, latest);
      if (next === latest) continue;
      state.latest = next;
      changed.push({ uri: document.uri, version: next.version, diagnostics: next.diagnostics });
    }
    return changed;
  }

  private checkConfigDocument(document: TextDocument): CheckResult {
    return { version: document.version, diagnostics: configDiagnostics(document, parseConfigText(document.getText()).problems) };
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { generation: 0 };
      this.states.set(uri, state);
    }
    return state;
  }
}

interface Pending {
  cancel(): void;
}

/**
 * Runs `run` after `delayMs`; without a delay, once the messages already received are handled
 * (a zero timeout would still wait a millisecond).
 */
function runLater(delayMs: number, run: () => void): Pending {
  if (delayMs <= 0) {
    const immediate = setImmediate(run);
    return { cancel: () => clearImmediate(immediate) };
  }
  const timer = setTimeout(run, delayMs);
  return { cancel: () => clearTimeout(timer) };
}

/** Equal as reported: same rules, ranges, messages and severities, in order. */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f.ruleId === b[i]!.ruleId && f.start === b[i]!.start && f.end === b[i]!.end && f.message === b[i]!.message && f.severity === b[i]!.severity);
}
