/**
 * Findings of rendered roots, brought back to the files their authors wrote. The engine checks
 * the rendered text like any manifest; this module builds, per rendered document, what
 * engine/origins.ts needs (the template, values, resource, patch and kustomization texts), and
 * turns render failures and missing programs into findings of their own.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex, type Finding } from '../engine/index.js';
import { locateOrigin, ParsedTexts, type RenderOrigin, type SourceText, type ValuesSource } from '../engine/origins.js';
import type { RenderedDocument } from './output.js';
import type { RootRender } from './renderer.js';
import { rootLabel, type RenderRoot } from './roots.js';
import { t } from '../l10n/t.js';

export const RENDER_FAILED_RULE = 'render-failed';
export const RENDERER_MISSING_RULE = 'renderer-missing';

/** A finding on a file of a root, with the renders that reached it. */
export interface LocatedFinding {
  readonly file: string;
  readonly finding: Finding;
  readonly renders: readonly string[];
  /** The rendered path, when the finding could only be placed at the top of the file. */
  readonly renderedPath?: string;
}

/**
 * Texts of files on disk kept between renders by modification time and size: a render after a
 * keystroke reads again only the files that changed, not every template and values file.
 */
export class FileTexts {
  private readonly known = new Map<string, { mtimeMs: number; size: number; text: string }>();

  read(file: string): string | undefined {
    let info;
    try {
      info = statSync(file);
    } catch {
      this.known.delete(file);
      return undefined;
    }
    const known = this.known.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known.text;
    try {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      this.known.set(file, { mtimeMs: info.mtimeMs, size: info.size, text });
      return text;
    } catch {
      return undefined;
    }
  }
}

/** Reads source files once per run (or once per editor refresh), unsaved texts first. */
export class SourceTexts {
  private readonly texts = new Map<string, string | undefined>();

  /**
   * `parsed` and `files` may be shared between runs (an editor keeps them), since parses are
   * kept by text and file texts by modification time.
   */
  constructor(
    private readonly overlays: ReadonlyMap<string, string> = new Map(),
    readonly parsed: ParsedTexts = new ParsedTexts(),
    private readonly files: FileTexts = new FileTexts(),
  ) {}

  get(file: string): SourceText | undefined {
    if (!this.texts.has(file)) this.texts.set(file, this.overlays.get(file) ?? this.files.read(file));
    const text = this.texts.get(file);
    return text === undefined ? undefined : { file, text };
  }
}

/** How findings name one render: `chart charts/web with values-prod.yaml`, `kustomization overlays/prod`. */
export function renderLabel(render: RootRender, base: string): string {
  const label = rootLabel(render.root, base);
  return render.valueSet ? `${label} with ${render.valueSet.name}` : label;
}

/** The findings of one render's output, placed on the files of its root. */
export function locateRenderFindings(render: RootRender, findings: readonly Finding[], sources: SourceTexts, base: string): LocatedFinding[] {
  if (!render.result?.ok) return [];
  const { output } = render.result;
  const label = renderLabel(render, base);
  const out: LocatedFinding[] = [];
  // Each document's text is sliced once: the parsed texts are cached by text.
  const texts = new Map<RenderedDocument, string>();
  for (const finding of findings) {
    const document = documentAt(output.documents, finding.start);
    const fallback = sources.get(render.root.manifest) ?? { file: render.root.manifest, text: '' };
    if (!document) {
      out.push({ file: fallback.file, finding: { ...finding, start: 0, end: 0, fixes: [] }, renders: [label] });
      continue;
    }
    const origin = originOf(render, document, sources, fallback);
    let text = texts.get(document);
    if (text === undefined) {
      text = output.text.slice(document.start, document.end);
      texts.set(document, text);
    }
    const fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start - document.start, end: e.end - document.start })) }));
    const location = locateOrigin({ text, start: finding.start - document.start, end: finding.end - document.start, fixes }, origin, sources.parsed);
    const placed: Finding = { ...finding, start: location.start, end: location.end, fixes: location.fixes };
    out.push({ file: location.file, finding: placed, renders: [label], ...(location.via === 'file' ? { renderedPath: location.renderedPath } : {}) });
  }
  return out;
}

function documentAt(documents: readonly RenderedDocument[], offset: number): RenderedDocument | undefined {
  let low = 0;
  let high = documents.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const doc = documents[mid]!;
    if (offset < doc.start) high = mid - 1;
    else if (offset > doc.end) low = mid + 1;
    else return doc;
  }
  return undefined;
}

function originOf(render: RootRender, document: RenderedDocument, sources: SourceTexts, fallback: SourceText): RenderOrigin {
  const root = render.root;
  if (root.kind === 'chart') {
    const template = document.sourceFile ? sources.get(document.sourceFile) : undefined;
    return { engine: 'helm', ...(template ? { template } : {}), values: valuesSources(root, render, document, sources), fallback };
  }
  const source = document.sourceFile ? sources.get(document.sourceFile) : undefined;
  const isKustomization = source && root.kustomizations.includes(source.file);
  const patches = [...root.patches].flatMap((p) => sources.get(p) ?? []);
  const kustomizations = root.kustomizations.flatMap((k) => sources.get(k) ?? []);
  return { engine: 'kustomize', ...(source && !isKustomization ? { resource: source } : {}), patches, kustomizations, fallback: isKustomization ? source : fallback };
}

/**
 * The values a template of this document read, the winning file first: the value set's files
 * (the last one wins), the chart's values.yaml, and for a subchart, each parent's values under
 * the subchart's name, then the subchart's own values.yaml.
 */
function valuesSources(root: RenderRoot, render: RootRender, document: RenderedDocument, sources: SourceTexts): ValuesSource[] {
  const subcharts = document.subcharts ?? [];
  const out: ValuesSource[] = [];
  for (const file of [...(render.valueSet?.files ?? [])].reverse()) {
    const source = sources.get(join(root.dir, file));
    if (source) out.push({ source, prefix: subcharts });
  }
  // Chart folders from the rendered chart down to the document's subchart.
  const chain: string[] = [root.dir];
  if (document.chartDir && document.chartDir !== root.dir) {
    const steps = relative(root.dir, document.chartDir).split(/[\\/]/);
    for (let i = 2; i <= steps.length; i += 2) chain.push(join(root.dir, ...steps.slice(0, i)));
  }
  chain.forEach((dir, depth) => {
    const source = sources.get(join(dir, 'values.yaml'));
    if (source) out.push({ source, prefix: subcharts.slice(depth) });
  });
  return out;
}

/**
 * Everything one render says about the files of its root: the findings of its output (its own
 * and those of the cross-file rules, in output offsets) placed on source lines, or the finding
 * telling why it did not happen.
 */
export function locateRender(render: RootRender, findings: readonly Finding[], sources: SourceTexts, base: string): LocatedFinding[] {
  return [...locateRenderFindings(render, findings, sources, base), ...renderProblems(render, sources, base)];
}

/** Findings for a render that did not happen: the program is missing, or the engine failed. */
export function renderProblems(render: RootRender, sources: SourceTexts, base: string): LocatedFinding[] {
  const label = renderLabel(render, base);
  const manifest = render.root.manifest;
  const chart = render.root.kind === 'chart';
  if (render.missing) {
    const program = render.missing.program;
    const message = chart
      ? render.missing.configured
        ? t('{0} was not found: this chart and the files it uses were not checked. To check them, install helm (https://helm.sh/docs/intro/install/) or name it with --helm PATH, `render: {helm: PATH}` in .kube-aegis.yaml or the kubeAegis.helmPath setting.', program)
        : t('{0} is not installed (not found on PATH): this chart and the files it uses were not checked. To check them, install helm (https://helm.sh/docs/intro/install/) or name it with --helm PATH, `render: {helm: PATH}` in .kube-aegis.yaml or the kubeAegis.helmPath setting.', program)
      : render.missing.configured
        ? t('{0} was not found: this kustomization and the files it uses were not checked. To check them, install kustomize or kubectl, or name one with --kustomize PATH, `render: {kustomize: PATH}` in .kube-aegis.yaml or the kubeAegis.kustomizePath setting.', program)
        : t('{0} is not installed (not found on PATH): this kustomization and the files it uses were not checked. To check them, install kustomize or kubectl, or name one with --kustomize PATH, `render: {kustomize: PATH}` in .kube-aegis.yaml or the kubeAegis.kustomizePath setting.', program);
    return [{ file: manifest, finding: problem(RENDERER_MISSING_RULE, 'warning', message, lineSpan(sources.get(manifest)?.text ?? '', 1)), renders: [label] }];
  }
  const result = render.result;
  if (!result || result.ok || result.cancelled) return [];
  const file = result.file ?? manifest;
  const text = sources.get(file)?.text ?? '';
  const message = chart
    ? t('helm template failed, so nothing under this chart was checked: {0}', result.message)
    : t('kustomize build failed, so nothing under this kustomization was checked: {0}', result.message);
  return [{ file, finding: problem(RENDER_FAILED_RULE, 'error', message, lineSpan(text, result.line ?? 1)), renders: [label] }];
}

function problem(ruleId: string, severity: Finding['severity'], message: string, span: { start: number; end: number }): Finding {
  return { ruleId, severity, message, start: span.start, end: span.end, fixes: [] };
}

/** The text of a 1-based line, without its indentation. */
function lineSpan(text: string, line: number): { start: number; end: number } {
  const lines = new LineIndex(text);
  const start = lines.lineStart(line - 1);
  const next = text.indexOf('\n', start);
  const end = next < 0 ? text.length : next;
  const indent = text.slice(start, end).length - text.slice(start, end).trimStart().length;
  return { start: Math.min(start + indent, end), end };
}

/**
 * One finding per place, naming every render that reached it (a base used by two overlays, a
 * chart rendered with two value sets), the messages telling where it was rendered.
 */
export function mergeLocated(located: readonly LocatedFinding[]): Map<string, Finding[]> {
  const byKey = new Map<string, { file: string; finding: Finding; renders: string[]; renderedPath?: string }>();
  for (const item of located) {
    const key = `${item.file}\0${item.finding.start}\0${item.finding.end}\0${item.finding.ruleId}\0${item.finding.message}\0${item.renderedPath ?? ''}`;
    const known = byKey.get(key);
    if (known) {
      for (const render of item.renders) if (!known.renders.includes(render)) known.renders.push(render);
    } else byKey.set(key, { file: item.file, finding: item.finding, renders: [...item.renders], ...(item.renderedPath ? { renderedPath: item.renderedPath } : {}) });
  }
  const out = new Map<string, Finding[]>();
  for (const { file, finding, renders, renderedPath } of byKey.values()) {
    const isProblem = finding.ruleId === RENDER_FAILED_RULE || finding.ruleId === RENDERER_MISSING_RULE;
    const message = isProblem && renders.length === 1 ? finding.message : withRenders(finding, renders.join('; '), renderedPath);
    const list = out.get(file) ?? [];
    list.push({ ...finding, message });
    out.set(file, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/** `<message> [rendered by <renders>, at <path> of <kind> <name>]`: where a finding on rendered output came from. */
function withRenders(finding: Finding, renders: string, renderedPath: string | undefined): string {
  if (!renderedPath) return t('{0} [rendered by {1}]', finding.message, renders);
  const object = finding.object;
  if (!object) return t('{0} [rendered by {1}, at {2}]', finding.message, renders, renderedPath);
  return object.name
    ? t('{0} [rendered by {1}, at {2} of {3} {4}]', finding.message, renders, renderedPath, object.kind, object.name)
    : t('{0} [rendered by {1}, at {2} of {3}]', finding.message, renders, renderedPath, object.kind);
}
