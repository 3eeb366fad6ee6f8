/**
 * `helm template` on a chart folder, its output split into documents by helm's `# Source:`
 * comments (`<chart>/templates/x.yaml`, subcharts as `<chart>/charts/<sub>/templates/x.yaml`,
 * where each segment is the Chart.yaml name, not the folder name).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { firstErrorLine, splitStream, type RenderedDocument, type RenderResult } from './output.js';
import { runProgram } from './run.js';
import { t } from '../l10n/t.js';

export interface HelmOptions {
  readonly program: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion: string;
  readonly timeoutMs: number;
  /** Values files passed with `-f`, in order (absolute or relative to the chart). */
  readonly valuesFiles: readonly string[];
  readonly signal?: AbortSignal;
}

/** A set of values files a chart is rendered with; charts can be rendered with several, reported apart. */
export interface ValueSet {
  /** How findings name it: `values.yaml`, or the files on top of it joined with `+`. */
  readonly name: string;
  /** Files passed with `-f`, relative to the chart (helm always applies the chart's own values.yaml first). */
  readonly files: readonly string[];
}

export const DEFAULT_VALUE_SET: ValueSet = { name: 'values.yaml', files: [] };

const EXTRA_VALUES = /^values[-_.].+\.ya?ml$/;

/**
 * The value sets of a chart: the configured ones, else the chart's defaults plus one set for each
 * `values-<name>.yaml` (or `values.<name>.yaml`) beside its values.yaml.
 */
export function valueSetsOf(chartDir: string, configured?: readonly (readonly string[])[]): ValueSet[] {
  if (configured && configured.length) {
    return configured.map((files) => ({ name: files.length ? files.join('+') : DEFAULT_VALUE_SET.name, files: files.filter((f) => f !== 'values.yaml') }));
  }
  let extra: string[] = [];
  try {
    extra = readdirSync(chartDir).filter((name) => EXTRA_VALUES.test(name) && name !== 'values.schema.yaml').sort();
  } catch {
    // An unreadable chart fails when rendered.
  }
  return [DEFAULT_VALUE_SET, ...extra.map((name) => ({ name, files: [name] }))];
}

export async function renderChart(chartDir: string, options: HelmOptions): Promise<RenderResult> {
  const args = ['template', options.releaseName, chartDir, '--namespace', options.namespace, '--kube-version', options.kubeVersion];
  for (const file of options.valuesFiles) args.push('--values', resolve(chartDir, file));
  const run = await runProgram(options.program, args, { cwd: chartDir, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
  if (run.cancelled) return { ok: false, message: 'cancelled', ms: run.ms, cancelled: true };
  if (run.timedOut) return { ok: false, message: t('helm template did not finish within {0} ms', options.timeoutMs), ms: run.ms };
  if (run.code !== 0) return { ok: false, ...helmErrorLocation(chartDir, firstErrorLine(run.stderr)), ms: run.ms };
  return { ok: true, output: { text: run.stdout, documents: helmDocuments(chartDir, run.stdout) }, ms: run.ms, cpuMs: run.cpuMs };
}

/** Splits `helm template` output by its `# Source:` lines; a document without one keeps the previous source. */
export function helmDocuments(chartDir: string, text: string): RenderedDocument[] {
  const charts = new ChartTree(chartDir);
  const out: RenderedDocument[] = [];
  let source = '';
  for (const range of splitStream(text)) {
    const body = text.slice(range.start, range.end);
    const match = /^# Source: (.+)$/m.exec(body);
    if (match && body.slice(0, match.index).trim() === '') source = match[1]!.trim();
    if (!source) continue;
    const located = charts.locate(source);
    out.push({ ...range, sourceName: source, ...located });
  }
  return out;
}

/** The chart folders below a chart, by Chart.yaml name, to turn `# Source:` paths into files. */
class ChartTree {
  private readonly subchartDirs = new Map<string, Map<string, string>>();
  constructor(private readonly root: string) {}

  locate(source: string): { sourceFile?: string; chartDir: string; subcharts: string[] } {
    const segments = source.split('/');
    let dir = this.root;
    const subcharts: string[] = [];
    let i = 1; // the first segment is the chart's own name
    while (segments[i] === 'charts' && i + 2 < segments.length) {
      const sub = this.subchart(dir, segments[i + 1]!);
      if (!sub) return { chartDir: dir, subcharts };
      dir = sub;
      subcharts.push(segments[i + 1]!);
      i += 2;
    }
    const file = join(dir, ...segments.slice(i));
    return existsSync(file) ? { sourceFile: file, chartDir: dir, subcharts } : { chartDir: dir, subcharts };
  }

  private subchart(dir: string, name: string): string | undefined {
    let known = this.subchartDirs.get(dir);
    if (!known) {
      known = new Map();
      const chartsDir = join(dir, 'charts');
      let entries: string[] = [];
      try {
        entries = readdirSync(chartsDir);
      } catch {
        // No subcharts, or only archives (their templates have no file to point at).
      }
      for (const entry of entries) {
        const path = join(chartsDir, entry);
        const chartName = chartNameOf(path) ?? entry;
        if (!known.has(chartName)) known.set(chartName, path);
      }
      this.subchartDirs.set(dir, known);
    }
    return known.get(name);
  }
}

export function chartNameOf(chartDir: string): string | undefined {
  try {
    const data = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null;
    return typeof data?.name === 'string' ? data.name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a helm error points: `at (<chart>/templates/x.yaml:12:5)`, `template: <chart>/templates/x.yaml:12:5:`
 * or `on <chart>/templates/x.yaml:` (a YAML error in the rendered text: the file, no line).
 */
export function helmErrorLocation(chartDir: string, message: string): { message: string; file?: string; line?: number } {
  const match = /(?:at \(|template: |on )([^\s():]+\.(?:ya?ml|tpl|txt|json))(?::(\d+))?/.exec(message);
  if (!match) return { message };
  const located = new ChartTree(chartDir).locate(match[1]!);
  if (!located.sourceFile) return { message };
  return { message, file: located.sourceFile, ...(match[2] ? { line: Number(match[2]) } : {}) };
}
