/**
 * Helm charts and kustomizations in the editor. The roots of the workspace (and the root of any
 * open file) are rendered in the background: after a change to one of their files, open buffers
 * included (rendered from a temporary copy holding the unsaved texts), debounced, one render per
 * root at a time, a newer change cancelling the render under way, results cached by content.
 * Document checks never wait for a render: they read the findings of the last one, and are told
 * when those moved. Nothing is rendered in an untrusted workspace.
 *
 * The rendered outputs join the workspace index (the cross-file rules see them with the plain
 * manifests, as in `kube-aegis scan`), and the files the roots own stay out of it, trusted or not.
 */
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Finding } from '../engine/index.js';
import { ParsedTexts } from '../engine/origins.js';
import { RenderAnalyses } from '../render/analyses.js';
import { FileTexts, locateRender, mergeLocated, renderLabel, SourceTexts, type LocatedFinding } from '../render/check.js';
import { Renderer, type RootRender } from '../render/renderer.js';
import { chartRoot, findRoots, KUSTOMIZATION_FILES, kustomizationRoot, ReferencingRoots, rootContaining, type RenderRoot } from '../render/roots.js';
import { pathOf, type DocumentContexts } from './document-context.js';
import { sameFindings } from './checks.js';
import { RULES } from './rule-catalog.js';
import type { RenderedEntry } from './workspace-manifests.js';
import { t } from '../l10n/t.js';

/** The workspace index the rendered outputs join. */
export interface RenderedIndex {
  setRendered(rootDir: string, entries: readonly RenderedEntry[]): void;
  /** Cross-file findings of a rendered output, in output offsets. */
  renderedFindingsFor(key: string): readonly Finding[];
  /** Which files the roots own changed. */
  rootsChanged(): void;
}

export interface RenderedRootsOptions {
  readonly index: RenderedIndex;
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

/** The last render of a root, as checked. */
interface RootRenders {
  readonly renders: readonly RootRender[];
  /** Per successful render, its key in the index and its analysis. */
  readonly analyses: ReadonlyMap<RootRender, { readonly key: string; readonly analysis: Analysis }>;
  readonly sources: SourceTexts;
  readonly base: string;
}

interface RootState {
  root: RenderRoot;
  last?: RootRenders;
  /** The findings of the last render on the files of the root, with the cross-file findings they were placed with. */
  located: LocatedFinding[];
  crossFile: Map<string, readonly Finding[]>;
  status: RootStatus;
  timer?: NodeJS.Timeout;
  /** When the last change was scheduled (performance.now()). */
  changedAt?: number;
  controller?: AbortController;
  running?: Promise<void>;
}

/** No placement yet for the last render (compared by identity). */
const UNPLACED: LocatedFinding[] = [];

export const untrustedMessage = (): string =>
  t('Kube Aegis: not rendered. This workspace is not trusted (Restricted Mode), so helm and kustomize are not run; trust the workspace to check this chart or kustomization as rendered.');

export class RenderedRoots {
  private readonly roots = new Map<string, RootState>();
  private readonly renderer = new Renderer();
  private readonly analyses = new RenderAnalyses(RULES);
  /** Parsed templates, values and resources, kept across renders by their text. */
  private readonly parsed = new ParsedTexts();
  /** Texts of the roots' files on disk, kept by modification time across renders. */
  private readonly fileTexts = new FileTexts();
  private trusted: boolean;
  private merged: Map<string, Finding[]> | undefined;
  private renders = 0;
  private folders: string[] = [];
  /** Files already looked up for a root of their own (typing in a plain manifest stays free of file lookups). */
  private readonly lookedUp = new Set<string>();
  /** Kustomizations elsewhere in a file's repository that use it. */
  private readonly referencing = new ReferencingRoots();
  /** Roots found for open files rather than in the workspace folders (kept when the folders are walked again). */
  private readonly adopted = new Set<string>();

  constructor(private readonly options: RenderedRootsOptions) {
    this.trusted = options.trusted;
  }

  /** The workspace folders (or the settings) changed: the roots are found again and rendered when trusted. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map(pathOf).filter((p): p is string => p !== undefined);
    const found = findRoots(this.folders);
    const known = new Set(found.map((r) => r.dir));
    for (const [dir, state] of this.roots) {
      if (known.has(dir) || this.adopted.has(dir)) continue;
      state.controller?.abort();
      clearTimeout(state.timer);
      this.roots.delete(dir);
      this.options.index.setRendered(dir, []);
      this.merged = undefined;
    }
    for (const root of found) {
      const state = this.roots.get(root.dir);
      // Settings may name other programs or value sets; an unchanged render comes from the cache.
      if (state) {
        state.root = root;
        this.schedule(state, 0);
      } else this.add(root);
    }
    this.options.index.rootsChanged();
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

  /**
   * Whether the file is checked through a rendering (then its own analysis is not reported, nor
   * indexed). Untrusted too: a template is no manifest, whether or not it may be rendered.
   */
  owns(uri: string): boolean {
    const path = pathOf(uri);
    return path !== undefined && this.ownsPath(path);
  }

  ownsPath(path: string): boolean {
    for (const state of this.roots.values()) if (state.root.owned.has(path)) return true;
    return false;
  }

  /** Findings of the renders on this file, each once, naming the renders that reached it. */
  findingsFor(uri: string): readonly Finding[] {
    const path = pathOf(uri);
    if (!path) return [];
    return this.placed().get(path) ?? [];
  }

  /** Every file the renders have findings on, with its text as rendered (absolute paths). */
  files(): { path: string; text: string; findings: readonly Finding[] }[] {
    return [...this.placed()].map(([path, findings]) => ({ path, text: this.textOf(path), findings }));
  }

  /** The text a finding was placed in (read by the render's sources already, open buffers first). */
  private textOf(path: string): string {
    for (const state of this.roots.values()) {
      const text = state.last?.sources.get(path)?.text;
      if (text !== undefined) return text;
    }
    return '';
  }

  /** Increases whenever a render completed (with `WorkspaceManifests.version`, what `files` returns depends on). */
  get version(): number {
    return this.renders;
  }

  /**
   * The findings of the last renders placed on source files. The cross-file findings of the
   * outputs move with the rest of the workspace: a root is placed again only when those of one
   * of its outputs changed (typing in a plain manifest rarely moves them).
   */
  private placed(): Map<string, Finding[]> {
    if (!this.trusted) return new Map();
    for (const state of this.roots.values()) {
      const last = state.last;
      if (!last) continue;
      const crossFile = new Map<string, readonly Finding[]>();
      for (const { key } of last.analyses.values()) crossFile.set(key, this.options.index.renderedFindingsFor(key));
      const moved = crossFile.size !== state.crossFile.size || [...crossFile].some(([key, findings]) => !sameFindings(findings, state.crossFile.get(key) ?? []));
      if (!moved && state.located !== UNPLACED) continue;
      state.crossFile = crossFile;
      state.located = last.renders.flatMap((render) => {
        const output = last.analyses.get(render);
        const findings = output ? [...output.analysis.findings, ...(crossFile.get(output.key) ?? [])].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)) : [];
        return locateRender(render, findings, last.sources, last.base);
      });
      this.merged = undefined;
    }
    this.merged ??= mergeLocated([...this.roots.values()].flatMap((s) => s.located));
    return this.merged;
  }

  /** A file (open buffer or on disk) changed: its roots render again after the quiet time. */
  fileChanged(uri: string): void {
    const path = pathOf(uri);
    if (!path) return;
    if (KUSTOMIZATION_FILES.includes(basename(path))) {
      // Which kustomizations use which files may have changed: files are looked up again.
      this.referencing.forget();
      this.lookedUp.clear();
    }
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
    return [{ range, command: { title: this.trusted ? statusTitle(state) : untrustedMessage(), command: '' } }];
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

  /**
   * The roots of a file no known root owns: the chart holding it, else the kustomizations of its
   * repository that use it (an overlay naming `../../base/deploy.yaml`, a patch kept in a shared
   * folder), else the kustomization folder holding it.
   */
  private adopt(path: string): void {
    if (this.lookedUp.has(path)) return;
    this.lookedUp.add(path);
    const found = rootContaining(path);
    const roots = found?.kind === 'chart' ? [chartRoot(found.dir)] : this.referencing.of(path);
    if (roots.length === 0 && found) roots.push(kustomizationRoot(found.dir));
    const added = roots.filter((root) => !this.roots.has(root.dir));
    if (added.length === 0) return;
    for (const root of added) {
      this.adopted.add(root.dir);
      this.add(root);
    }
    this.options.index.rootsChanged();
  }

  private add(root: RenderRoot): void {
    if (this.roots.has(root.dir)) return;
    const state: RootState = { root, located: UNPLACED, crossFile: new Map(), status: { state: 'pending', renders: [], findings: 0 } };
    this.roots.set(root.dir, state);
    this.schedule(state, 0);
  }

  /**
   * Renders the root after `delayMs` of quiet. The first change after a quiet time renders at
   * once (a lone edit does not wait for the quiet time); the changes that follow it quickly, as
   * in typing, wait for the quiet time.
   */
  private schedule(state: RootState, delayMs: number): void {
    if (!this.trusted) return;
    const now = performance.now();
    const quiet = state.timer === undefined && state.running === undefined && now - (state.changedAt ?? -Infinity) >= delayMs;
    state.changedAt = now;
    clearTimeout(state.timer);
    // A newer change makes the render under way pointless.
    state.controller?.abort();
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.render(state);
    }, quiet ? 0 : delayMs);
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
    const analyses = new Map<RootRender, { key: string; analysis: Analysis }>();
    for (const render of renders) {
      const analysis = results.get(keyOf(render));
      if (analysis && render.result?.ok) analyses.set(render, { key: keyOf(render), analysis });
    }
    const base = this.folders.find((f) => root.dir.startsWith(f)) ?? root.dir;
    state.last = { renders, analyses, sources: new SourceTexts(overlays, this.parsed, this.fileTexts), base };
    state.located = UNPLACED;
    state.crossFile = new Map();
    this.renders++;
    this.merged = undefined;
    this.options.index.setRendered(root.dir, [...analyses.values()].map(({ key, analysis }) => ({ key, analysis, config: context.config })));
    this.placed();
    const located = state.located.length;
    state.status = statusOf(renders, located, base, rendered - started, state.status.failure);
    this.options.trace(`${root.dir}: rendered ${renders.length} time(s) in ${(rendered - started).toFixed(0)} ms${renders.every((r) => r.cached) ? ' (cached)' : ''}, checked in ${(performance.now() - rendered).toFixed(0)} ms: ${located} findings`);
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
  const lastFailure = status.failure && status.state !== 'failed' ? t('; last failed at {0}', time(status.failure.at)) : '';
  switch (status.state) {
    case 'pending':
    case 'rendering':
      return t('Kube Aegis: rendering...');
    case 'missing':
      return t('Kube Aegis: not rendered, {0} not found (see the renderer-missing warning)', state.root.kind === 'chart' ? 'helm' : 'kustomize');
    case 'failed':
      return t('Kube Aegis: render failed at {0}: {1}', time(status.failure!.at), status.failure!.message);
    default: {
      const at = time(status.at!);
      const sets = status.renders.map((r) => r.replace(/^.* with /, '')).join(', ');
      if (state.root.kind === 'chart') {
        return status.findings === 1
          ? t('Kube Aegis: rendered ({0}) at {1}, 1 finding{2}', sets, at, lastFailure)
          : t('Kube Aegis: rendered ({0}) at {1}, {2} findings{3}', sets, at, status.findings, lastFailure);
      }
      return status.findings === 1 ? t('Kube Aegis: rendered at {0}, 1 finding{1}', at, lastFailure) : t('Kube Aegis: rendered at {0}, {1} findings{2}', at, status.findings, lastFailure);
    }
  }
}
