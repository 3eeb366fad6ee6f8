/**
 * Checking successive renders of the same roots: one engine Analyzer per rendered output (a root
 * and value set), kept between renders, so a new render re-checks only the documents whose text
 * changed (a values edit rarely touches the CRDs a chart renders). Then the cross-file rules over
 * all outputs, as `analyzeSet` does for a one-off run.
 */
import { Analyzer, checkWorkspace, WorkspaceIndex, type Analysis, type EngineConfig, type Rule, type SetInput, type SetResult, type WorkspaceScope } from '../engine/index.js';

export class RenderAnalyses {
  private readonly analyzers = new Map<string, { configKey: string; analyzer: Analyzer }>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly scope: WorkspaceScope = 'workspace',
  ) {}

  /** Like `analyzeSet`; `key` names the rendered output across renders (e.g. root folder and value set). */
  analyze(inputs: readonly SetInput[]): Map<string, SetResult> {
    const index = new WorkspaceIndex(this.scope);
    const analyses = new Map<string, Analysis>();
    const configs = new Map<string, EngineConfig>();
    for (const input of inputs) {
      const configKey = JSON.stringify(input.config);
      let known = this.analyzers.get(input.key);
      if (!known || known.configKey !== configKey) {
        known = { configKey, analyzer: new Analyzer(this.rules, input.config) };
        this.analyzers.set(input.key, known);
      }
      const analysis = known.analyzer.analyze(input.text);
      analyses.set(input.key, analysis);
      configs.set(input.key, input.config);
      index.update(input.key, analysis);
    }
    const crossFile = checkWorkspace(index, this.rules, (key) => configs.get(key)!);
    const out = new Map<string, SetResult>();
    for (const [key, analysis] of analyses) {
      const findings = [...analysis.findings, ...(crossFile.get(key) ?? [])].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
      out.set(key, { analysis, findings });
    }
    return out;
  }

  /** Forgets the outputs not named (roots removed, value sets gone). */
  keep(keys: ReadonlySet<string>): void {
    for (const key of this.analyzers.keys()) if (!keys.has(key)) this.analyzers.delete(key);
  }
}
