/**
 * Checking open documents. Each document keeps one engine Analyzer, so a new version re-parses
 * only the `---` sections whose text changed. Checks are debounced and a newer version always
 * wins: a check that finishes after its document moved on is dropped, never published.
 */
import { performance } from 'node:perf_hooks';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, parseConfigText, type Analysis } from '../engine/index.js';
import { isConfigFileName } from './config-files.js';
import { configProblemDiagnostic, findingDiagnostic } from './diagnostics.js';
import { pathOf, type DocumentContext, type DocumentContexts } from './document-context.js';
import { RULES } from './rule-catalog.js';

export interface CheckResult {
  readonly version: number;
  readonly diagnostics: Diagnostic[];
  /** The engine's analysis of that version (absent for configuration files and excluded files). */
  readonly analysis?: Analysis;
  readonly context?: DocumentContext;
}

/** An open document with the analysis of its current text (what code actions and hovers read). */
export interface DocumentAnalysis {
  readonly document: TextDocument;
  readonly analysis: Analysis;
  readonly context: DocumentContext;
}

/** Why a check runs: `change` checks are debounced, and skipped when checking on save only. */
export type Trigger = 'open' | 'change' | 'save' | 'configuration';

export interface CheckOptions {
  readonly debounceMs: number;
  /** Sends a result to the client (push diagnostics). */
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** Verbose log (shown when the client traces the server). */
  trace(message: string): void;
  error(message: string): void;
}

interface DocumentState {
  analyzer?: Analyzer;
  configKey?: string;
  timer?: NodeJS.Timeout;
  /** Bumped by every scheduled check: a check that ends under an older generation is stale. */
  generation: number;
  latest?: CheckResult;
}

export function isConfigDocument(uri: string): boolean {
  return isConfigFileName(pathOf(uri) ?? uri);
}

export class DocumentChecks {
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly contexts: DocumentContexts,
    private readonly options: CheckOptions,
  ) {}

  /** Checks the document's newest version after the debounce delay, replacing a pending check. */
  schedule(uri: string, trigger: Trigger): void {
    const state = this.stateOf(uri);
    const generation = ++state.generation;
    clearTimeout(state.timer);
    const delay = trigger === 'change' ? this.options.debounceMs : 0;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.checkAndPublish(uri, trigger, generation);
    }, delay);
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  /** Schedules every open document again (settings or a configuration file changed). */
  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri, 'configuration');
  }

  /** Forgets a closed document and clears its diagnostics. */
  close(uri: string): void {
    const state = this.states.get(uri);
    if (state) clearTimeout(state.timer);
    this.states.delete(uri);
    this.options.publish(uri, undefined, []);
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
    if (this.documents.get(uri)?.version !== version) return undefined;
    const state = this.stateOf(uri);
    const latest = state.latest;
    if (trigger === 'change' && context.run === 'onSave' && latest?.context?.configKey === context.configKey) return latest;
    state.latest = this.analyse(document, context, state);
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
    return current.analysis ? { document, analysis: current.analysis, context } : undefined;
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
    if (context.excluded) return { version: document.version, diagnostics: [], context };
    if (!state.analyzer || state.configKey !== context.configKey) {
      state.analyzer = new Analyzer(RULES, context.config);
      state.configKey = context.configKey;
    }
    const started = performance.now();
    const analysis = state.analyzer.analyze(document.getText());
    const diagnostics = analysis.findings.map((finding) => findingDiagnostic(document, finding));
    this.options.trace(
      `${document.uri} v${document.version}: ${diagnostics.length} findings; parsed ${analysis.reparsed} of ${analysis.sections.length} documents in ${(performance.now() - started).toFixed(1)} ms`,
    );
    return { version: document.version, diagnostics, analysis, context };
  }

  private checkConfigDocument(document: TextDocument): CheckResult {
    // Schema alternatives (`anyOf`) report several problems for one value: show the first.
    const seen = new Set<string>();
    const problems = parseConfigText(document.getText()).problems.filter((p) => !seen.has(`${p.start}:${p.end}`) && seen.add(`${p.start}:${p.end}`));
    return { version: document.version, diagnostics: problems.map((problem) => configProblemDiagnostic(document, problem)) };
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
