/**
 * Rendering in the bench: for a real chart and a real kustomization, the engine's own render time
 * (helm template / kubectl kustomize) against the time from a change to the findings on the
 * source lines, as the language server does it (unsaved text rendered from a copy, then checked and
 * mapped back). The difference is our share. A second render of unchanged text must come from
 * the cache. On a shared machine wall times mostly measure the wait for a core, so our share is
 * also given in CPU time: this process's over the whole change, less what it spent while the
 * renderer ran (starting it and reading its output, given apart; the renderer's own CPU time is
 * in a process of its own).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { ParsedTexts } from '../../server/src/engine/origins.js';
import { RenderAnalyses } from '../../server/src/render/analyses.js';
import { FileTexts, locateRenderFindings, mergeLocated, renderProblems, SourceTexts } from '../../server/src/render/check.js';
import { Renderer } from '../../server/src/render/renderer.js';
import { chartRoot, kustomizationRoot, type RenderRoot } from '../../server/src/render/roots.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { CORPORA } from '../support/paths.js';
import { renderBinaries } from '../support/render-binaries.js';

export interface RenderBenchRow {
  readonly root: string;
  readonly objects: number;
  readonly findings: number;
  readonly renderMs: number;
  readonly toDiagnosticsMs: number;
  readonly ourShareMs: number;
  /**
   * CPU time of this process from the change to the findings, less what it spent while the
   * renderer ran (starting it, reading its output), which the render time holds.
   */
  readonly ourShareCpuMs: number;
  /** CPU time of this process while the renderer ran. */
  readonly renderCpuMs: number;
  readonly unchangedMs: number;
  readonly unchangedCpuMs: number;
  readonly unchangedCached: boolean;
  /** The machine's one-minute load average while the case ran (2 cores: above 2, runs wait for a core). */
  readonly load: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export async function renderBench(runs: number): Promise<RenderBenchRow[]> {
  const binaries = renderBinaries();
  const renderer = new Renderer({ helm: binaries.helm, kustomize: binaries.kubectl });
  // Each change edits one value that one rendered object carries (a replica count, a port).
  const cases: { name: string; root: RenderRoot; edited: string; from: string; to: (run: number) => string }[] = [
    { name: 'argo-cd chart', root: chartRoot(join(CORPORA, 'helm', 'argo-helm', 'charts', 'argo-cd')), edited: 'values.yaml', from: '  replicas: 1\n', to: (run) => `  replicas: ${run + 2}\n` },
    {
      name: 'microservices-demo kustomization',
      root: kustomizationRoot(join(CORPORA, 'kustomize', 'microservices-demo', 'kustomize')),
      edited: join('base', 'adservice.yaml'),
      from: 'value: "9555"',
      to: (run) => `value: "${9600 + run}"`,
    },
  ];
  const rows: RenderBenchRow[] = [];
  for (const { name, root, edited, from, to } of cases) {
    // As the language server keeps them: an Analyzer per rendered output, across renders.
    const analyses = new RenderAnalyses(ALL_RULES);
    const parsed = new ParsedTexts();
    const files = new FileTexts();
    const editedPath = join(root.dir, edited);
    const sources = new SourceTexts();
    const original = sources.get(editedPath)!.text;
    const renderTimes: number[] = [];
    const totals: number[] = [];
    const cpuTotals: number[] = [];
    const renderCpu: number[] = [];
    const unchanged: number[] = [];
    const unchangedCpu: number[] = [];
    const loads: number[] = [];
    let cached = true;
    let objects = 0;
    let findings = 0;
    for (let run = 0; run < runs; run++) {
      // A change: the edited file's unsaved text differs from every earlier one.
      const overlays = new Map([[editedPath, original.replace(from, to(run))]]);
      const check = async () => {
        const started = performance.now();
        const startedCpu = cpuMs();
        const renders = await renderer.render({ root, config: {}, overlays });
        const inputs = renders.flatMap((r, i) => (r.result?.ok ? [{ key: String(i), text: r.result.output.text, config: DEFAULT_CONFIG }] : []));
        const results = analyses.analyze(inputs);
        const texts = new SourceTexts(overlays, parsed, files);
        const located = renders.flatMap((r, i) => [...locateRenderFindings(r, results.get(String(i))?.findings ?? [], texts, root.dir), ...renderProblems(r, texts, root.dir)]);
        const merged = mergeLocated(located);
        const total = performance.now() - started;
        const cpu = cpuMs() - startedCpu;
        const renderMs = renders.reduce((sum, r) => sum + (r.cached ? 0 : (r.result?.ms ?? 0)), 0);
        const runCpu = renders.reduce((sum, r) => sum + (r.cached || !r.result?.ok ? 0 : (r.result.cpuMs ?? 0)), 0);
        objects = renders.reduce((sum, r) => sum + (r.result?.ok ? r.result.output.documents.length : 0), 0);
        findings = [...merged.values()].reduce((sum, list) => sum + list.length, 0);
        return { total, cpu, runCpu, renderMs, cached: renders.every((r) => r.cached) };
      };
      const changed = await check();
      renderTimes.push(changed.renderMs);
      totals.push(changed.total);
      cpuTotals.push(changed.cpu - changed.runCpu);
      renderCpu.push(changed.runCpu);
      loads.push(loadavg()[0]!);
      const again = await check();
      unchanged.push(again.total);
      unchangedCpu.push(again.cpu);
      cached &&= again.cached;
    }
    const renderMs = median(renderTimes);
    const toDiagnosticsMs = median(totals);
    rows.push({ root: name, objects, findings, renderMs: round(renderMs), toDiagnosticsMs: round(toDiagnosticsMs), ourShareMs: round(median(totals.map((t, i) => t - renderTimes[i]!))), ourShareCpuMs: round(median(cpuTotals)), renderCpuMs: round(median(renderCpu)), unchangedMs: round(median(unchanged)), unchangedCpuMs: round(median(unchangedCpu)), unchangedCached: cached, load: round(median(loads)) });
  }
  return rows;
}
