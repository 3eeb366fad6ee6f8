/**
 * Helm charts and kustomizations in the editor. The roots of the workspace (and the root of any
 * open file) are rendered in the background: after a change to one of their files, open buffers
 * included (rendered from a temporary copy holding the unsaved texts), debounced, one render per
 * root at a time, a newer change cancelling the render under way, results cached by content.
 * Document checks never wait for a render: they read the findings of the last one, and are told
 * when those moved. Nothing is rendered in an untrusted workspace.
 */
import { pathToFileURL } from 'node:url';
import type { CodeLens, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/index.js';
import { ParsedTexts } from '../engine/origins.js';
import { RenderAnalyses } from '../render/analyses.js';
import { locateRenderFindings, mergeLocated, renderLabel, renderProblems, SourceTexts, type LocatedFinding } from '../render/check.js';
import { Renderer, type RootRender } from '../render/renderer.js';
import { chartRoot, findRoots, kustomizationRoot, rootContaining, type RenderRoot } from '../render/roots.js';
import { pathOf, type DocumentContexts } from './document-context.js';
import { RULES } from './rule-catalog.js';

export interface RenderedRootsOptions {
  readonly documents: TextDocuments<TextDocument>;
  readonly contexts: DocumentContexts;
  readonly trusted: boolean;
  /** Quiet time after a change before its root is rendered again. */
  readonly debounceMs: number;
  /** Findings of some files moved (the open ones among them are to be reported again). */
  changed(): void;
  trace(message: string): void;
  error(message: string): void;
}

/** What the code lens on Chart.yaml / kustomization.yaml tells about a root. */
export interface RootStatus {
  readonly state: 'pending' | 'rendering' | 'rendered' | 'failed' | 'missing';
  readonly renders: readonly string[];
  readonly at?: Date;
  readonly failure?: { readonly message: string; readonly at: Date };
  readonly findings: number;
  readonly renderMs?: number;
  readonly cached?: boolean;
}

interface RootState {
  root: RenderRoot;
  located: LocatedFinding[];
  status: RootStatus;
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  running?: Promise<void>;
}

export const UNTRUSTED_MESSAGE = 'Kube Aegis: not rendered. This workspace is not trusted (Restricted Mode), so helm and kustomize are not run; trust the workspace to check this chart or kustomization as rendered.';

export class RenderedRoots {
  private readonly roots = new Map<string, RootState>();
  private readonly renderer = new Renderer();
  private readonly analyses = new RenderAnalyses(RULES);
  /** Parsed templates, values and resources, kept across renders by their text. */
  private readonly parsed = new ParsedTexts();
  private trusted: boolean;
  private merged: Map<string, Finding[]> | undefined;
  private folders: string[] = [];
  /** Files already looked up for a root of their own (typing in a plain manifest stays free of file lookups). */
  private readonly lookedUp = new Set<string>();

  constructor(private readonly options: RenderedRootsOptions) {
    this.trusted = options.trusted;
  }

  /** The workspace folders (or the settings) changed: the roots are found again and rendered when trusted. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map(pathOf).filter((p): p is string => p !== undefined);
    const found = findRoots(this.folders);
    const known = new Set(found.map((r) => r.dir));
    for (const [dir, state] of this.roots) {
      if (known.has(dir)) continue;
      state.controller?.abort();
      clearTimeout(state.timer);
      this.roots.delete(dir);
    }
    for (const root of found) {
      const state = this.roots.get(root.dir);
      // Settings may name other programs or value sets; an unchanged render comes from the cache.
      if (state) this.schedule(state, 0);
      else this.add(root);
    }
  }

  /** The workspace was trusted after the server started. */
  trust(): void {
    if (this.trusted) return;
    this.trusted = true;
    for (const state of this.roots.values()) this.schedule(state, 0);
    this.options.changed();
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Whether the file is checked through a rendering (then its own analysis is not reported). */
  owns(uri: string): boolean {
    if (!this.trusted) return false;
    const path = pathOf(uri);
    return path !== undefined && [...this.roots.values()].some((s) => s.root.owned.has(path));
  }

  /** Findings of the renders on this file, each once, naming the renders that reached it. */
  findingsFor(uri: string): readonly Finding[] {
    if (!this.trusted) return [];
    const path = pathOf(uri);
    if (!path) return [];
    this.merged ??= mergeLocated([...this.roots.values()].flatMap((s) => s.located));
    return this.merged.get(path) ?? [];
  }

  /** A file (open buffer or on disk) changed: its roots render again after the quiet time. */
  fileChanged(uri: string): void {
    const path = pathOf(uri);
    if (!path) return;
    let touched = false;
    for (const state of this.roots.values()) {
      if (state.root.owned.has(path) || path.startsWith(`${state.root.dir}/`)) {
        this.schedule(state, this.options.debounceMs);
        touched = true;
      }
    }
    if (!touched) this.adopt(path);
  }

  /** An open file outside the known roots may still belong to one (a chart outside the folders). */
  documentOpened(uri: string): void {
    const path = pathOf(uri);
    if (path && ![...this.roots.values()].some((s) => s.root.owned.has(path))) this.adopt(path);
  }

  /** The lens on a root's Chart.yaml or kustomization file. */
  lenses(uri: string): CodeLens[] {
    const path = pathOf(uri);
    const state = [...this.roots.values()].find((s) => s.root.manifest === path);
    if (!state) return [];
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return [{ range, command: { title: this.trusted ? statusTitle(state) : UNTRUSTED_MESSAGE, command: '' } }];
  }

  status(uri: string): RootStatus | undefined {
    const path = pathOf(uri);
    return [...this.roots.values()].find((s) => s.root.manifest === path)?.status;
  }

  /** Removes the temporary copies of roots (the server is shutting down). */
  dispose(): void {
    for (const state of this.roots.values()) state.controller?.abort();
    this.renderer.mirrors.dispose();
  }

  /** Waits for the renders under way and scheduled (tests and benchmarks). */
  async settled(): Promise<void> {
    for (;;) {
      const busy = [...this.roots.values()].filter((s) => s.timer || s.running);
      if (busy.length === 0) return;
      await Promise.all(busy.map((s) => s.running ?? new Promise((r) => setTimeout(r, 10))));
    }
  }

  private adopt(path: string): void {
    if (this.lookedUp.has(path)) return;
    this.lookedUp.add(path);
    const found = rootContaining(path);
    if (!found || this.roots.has(found.dir)) return;
    this.add(found.kind === 'chart' ? chartRoot(found.dir) : kustomizationRoot(found.dir));
  }

  private add(root: RenderRoot): void {
    if (this.roots.has(root.dir)) return;
    const state: RootState = { root, located: [], status: { state: 'pending', renders: [], findings: 0 } };
    this.roots.set(root.dir, state);
    this.schedule(state, 0);
  }

  private schedule(state: RootState, delayMs: number): void {
    if (!this.trusted) return;
    clearTimeout(state.timer);
    // A newer change makes the render under way pointless.
    state.controller?.abort();
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.render(state);
    }, delayMs);
  }

  /** Renders one root; a render of the same root still running is cancelled and awaited first. */
  private async render(state: RootState): Promise<void> {
    state.controller?.abort();
    await state.running;
    const controller = new AbortController();
    state.controller = controller;
    const run = this.renderNow(state, controller.signal).catch((error: unknown) => this.options.error(`Rendering ${state.root.dir} failed: ${error instanceof Error ? error.message : String(error)}`));
    state.running = run;
    await run;
    if (state.running === run) state.running = undefined;
  }

  private async renderNow(state: RootState, signal: AbortSignal): Promise<void> {
    // Files may have been added or removed since the root was found.
    const root = state.root.kind === 'chart' ? chartRoot(state.root.dir) : kustomizationRoot(state.root.dir);
    state.root = root;
    const overlays = new Map<string, string>();
    for (const document of this.options.documents.all()) {
      const path = pathOf(document.uri);
      if (path && root.owned.has(path)) overlays.set(path, document.getText());
    }
    const context = await this.options.contexts.contextFor(pathToFileURL(root.manifest).href);
    state.status = { ...state.status, state: 'rendering' };
    const started = performance.now();
    const renders = await this.renderer.render({ root, config: context.config.render, overlays, signal });
    if (signal.aborted) return;
    const rendered = performance.now();
    const keyOf = (render: RootRender) => `${root.dir}\0${render.valueSet?.name ?? ''}`;
    const inputs = renders.flatMap((r) => (r.result?.ok ? [{ key: keyOf(r), text: r.result.output.text, config: context.config }] : []));
    const results = this.analyses.analyze(inputs);
    const sources = new SourceTexts(overlays, this.parsed);
    const base = this.folders.find((f) => root.dir.startsWith(f)) ?? root.dir;
    const located = renders.flatMap((render) => [...locateRenderFindings(render, results.get(keyOf(render))?.findings ?? [], sources, base), ...renderProblems(render, sources, base)]);
    state.located = located;
    state.status = statusOf(renders, located.length, base, rendered - started, state.status.failure);
    this.merged = undefined;
    this.options.trace(`${root.dir}: rendered ${renders.length} time(s) in ${(rendered - started).toFixed(0)} ms${renders.every((r) => r.cached) ? ' (cached)' : ''}, checked in ${(performance.now() - rendered).toFixed(0)} ms: ${located.length} findings`);
    this.options.changed();
  }
}

function statusOf(renders: readonly RootRender[], findings: number, base: string, renderMs: number, lastFailure: RootStatus['failure']): RootStatus {
  const labels = renders.map((r) => renderLabel(r, base));
  const at = new Date();
  const missing = renders.find((r) => r.missing);
  if (missing) return { state: 'missing', renders: labels, at, findings, renderMs, ...(lastFailure ? { failure: lastFailure } : {}) };
  const failed = renders.find((r) => r.result && !r.result.ok);
  if (failed && failed.result && !failed.result.ok) return { state: 'failed', renders: labels, at, findings, renderMs, failure: { message: failed.result.message, at } };
  return { state: 'rendered', renders: labels, at, findings, renderMs, cached: renders.every((r) => r.cached), ...(lastFailure ? { failure: lastFailure } : {}) };
}

function statusTitle(state: RootState): string {
  const status = state.status;
  const time = (date: Date) => date.toLocaleTimeString();
  const lastFailure = status.failure && status.state !== 'failed' ? `; last failed at ${time(status.failure.at)}` : '';
  switch (status.state) {
    case 'pending':
    case 'rendering':
      return 'Kube Aegis: rendering...';
    case 'missing':
      return `Kube Aegis: not rendered, ${state.root.kind === 'chart' ? 'helm' : 'kustomize'} not found (see the renderer-missing warning)`;
    case 'failed':
      return `Kube Aegis: render failed at ${time(status.failure!.at)}: ${status.failure!.message}`;
    default: {
      const sets = state.root.kind === 'chart' ? ` (${status.renders.map((r) => r.replace(/^.* with /, '')).join(', ')})` : '';
      return `Kube Aegis: rendered${sets} at ${time(status.at!)}, ${status.findings} finding${status.findings === 1 ? '' : 's'}${lastFailure}`;
    }
  }
}
