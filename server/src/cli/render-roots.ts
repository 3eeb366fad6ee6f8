/**
 * The CLI's part in rendering: the charts and kustomizations found in the walked paths are
 * rendered, their output goes through the engine with the plain files, and the findings come
 * back on the files their authors wrote. Files a root owns are not checked on their own.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { applyEdits, fixesToApply, LineIndex, type EngineConfig, type Finding } from '../engine/index.js';
import { damage, textState } from '../engine/fix-check.js';
import { locateRender, mergeLocated, SourceTexts, type LocatedFinding } from '../render/check.js';
import { Renderer, type ProgramOverrides, type RootRender } from '../render/renderer.js';
import { findRoots, type RenderRoot } from '../render/roots.js';
import type { FileReport, ScanInput } from './scan.js';
import { fixedNote, writeFixedFile, WriteRefused } from './write-fixes.js';
import { t } from '../l10n/t.js';

export interface RenderedRoots {
  readonly renders: readonly RootRender[];
  /** Absolute paths of every file some root owns. */
  readonly owned: ReadonlySet<string>;
  /** One engine input per successful render (keys that cannot clash with file paths). */
  readonly inputs: readonly ScanInput[];
}

const RENDER_KEY = '\u0000render:';

export async function renderRoots(paths: readonly string[], ignored: (path: string) => boolean, configFor: (file: string) => EngineConfig, overrides: ProgramOverrides): Promise<RenderedRoots> {
  const roots = findRoots(paths.filter((p) => p !== '-'), ignored);
  const renderer = new Renderer(overrides);
  const owned = new Set<string>();
  for (const root of roots) for (const file of root.owned) owned.add(file);
  // Two renders at a time: helm and kustomize are quick, and the machine may be busy.
  const renders = (await mapLimited(roots, 2, (root: RenderRoot) => renderer.render({ root, config: configFor(root.manifest).render }))).flat();
  const inputs: ScanInput[] = [];
  renders.forEach((render, i) => {
    if (render.result?.ok) inputs.push({ path: `${RENDER_KEY}${i}`, text: render.result.output.text, config: configFor(render.root.manifest) });
  });
  return { renders, owned, inputs };
}

/** The reports of the engine run: rendered outputs become findings on the roots' files. */
export function placeRenderFindings(rendered: RenderedRoots, reports: readonly FileReport[]): FileReport[] {
  const base = process.cwd();
  const sources = new SourceTexts();
  const plain: FileReport[] = [];
  const findingsOf = new Map<number, readonly Finding[]>();
  for (const report of reports) {
    if (report.path.startsWith(RENDER_KEY)) findingsOf.set(Number(report.path.slice(RENDER_KEY.length)), report.findings);
    else plain.push(report);
  }
  const located: LocatedFinding[] = rendered.renders.flatMap((render, i) => locateRender(render, findingsOf.get(i) ?? [], sources, base));
  const out: FileReport[] = [...plain];
  for (const [file, findings] of mergeLocated(located)) {
    const text = sources.get(file)?.text ?? '';
    out.push({ path: relative(base, file) || file, text, lines: new LineIndex(text), findings: findings as Finding[] });
  }
  return out;
}

/** What the summary says: how many charts and kustomizations were rendered and checked. */
export function renderSummary(rendered: RenderedRoots): string | undefined {
  if (rendered.renders.length === 0) return undefined;
  const count = (kind: RenderRoot['kind'], ok: boolean) => new Set(rendered.renders.filter((r) => r.root.kind === kind && (r.result?.ok ?? false) === ok).map((r) => r.root.dir)).size;
  const charts = count('chart', true);
  const kustomizations = count('kustomization', true);
  const failedCharts = count('chart', false);
  const failedKustomizations = count('kustomization', false);
  const valueSets = rendered.renders.filter((r) => r.root.kind === 'chart' && r.result?.ok).length;
  const line =
    valueSets > charts
      ? t('rendered and checked {0} ({1} value sets) and {2}', chartCount(charts), valueSets, kustomizationCount(kustomizations))
      : t('rendered and checked {0} and {1}', chartCount(charts), kustomizationCount(kustomizations));
  if (failedCharts + failedKustomizations === 0) return line;
  return t('{0}; not rendered: {1}, {2} (see render-failed and renderer-missing)', line, chartCount(failedCharts), kustomizationCount(failedKustomizations));
}

const chartCount = (n: number): string => (n === 1 ? t('1 chart') : t('{0} charts', n));
const kustomizationCount = (n: number): string => (n === 1 ? t('1 kustomization') : t('{0} kustomizations', n));

export function isOwned(rendered: RenderedRoots, file: string): boolean {
  return file !== '-' && rendered.owned.has(resolve(file));
}

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * `--fix` for rendered roots: the fixes that moved to plain YAML (values files, patches,
 * resources) are applied to those files, chosen as fix-all chooses them (safe ones; unsafe ones
 * too with `unsafe`; manual ones never) and written as `--fix` writes any file; fixes never reach
 * template text. Returns one note per file changed, refused or left alone, and how many files were
 * written; the caller renders again to report what remains.
 */
export async function applyRenderFixes(rendered: RenderedRoots, reports: readonly FileReport[], unsafe: boolean, trees: readonly string[]): Promise<{ notes: string[]; written: number; unwritten: number }> {
  const notes: string[] = [];
  let written = 0;
  let unwritten = 0;
  for (const report of reports) {
    const file = resolve(report.path);
    if (!rendered.owned.has(file)) continue;
    const fixes = fixesToApply(report.findings, undefined, unsafe);
    if (fixes.length === 0) continue;
    const raw = readFileSync(file, 'utf8');
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    const text = applyEdits(raw.slice(bom.length), fixes.flatMap((f) => f.edits));
    if (text === raw.slice(bom.length)) continue;
    // Checked as a fix-all round is: edits that would break the file are not written.
    const harm = damage(textState(raw.slice(bom.length)), textState(text));
    if (harm !== undefined) {
      notes.push(t('fix left out in {0}: {1}', report.path, harm));
      continue;
    }
    try {
      await writeFixedFile(file, raw, bom + text, trees);
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      notes.push(t('kube-aegis: cannot write {0}: {1}', report.path, error.message));
      unwritten++;
      continue;
    }
    notes.push(fixedNote(report.path, fixes));
    written++;
  }
  return { notes, written, unwritten };
}
