/**
 * Checking successive renders of the same roots: one engine Analyzer per rendered output (a root
 * and value set), kept between renders, so a new render re-checks only the documents whose text
 * changed (a values edit rarely touches the CRDs a chart renders). The cross-file rules are the
 * caller's: the outputs join the other manifests of the set, as in `kube-aegis scan`.
 */
import { Analyzer, type Analysis, type EngineConfig, type Rule } from '../engine/index.js';

export interface RenderInput {
  /** Names the rendered output across renders (e.g. root folder and value set). */
  readonly key: string;
  readonly text: string;
  readonly config: EngineConfig;
}

export class RenderAnalyses {
  private readonly analyzers = new Map<string, { configKey: string; analyzer: Analyzer }>();

  constructor(private readonly rules: readonly Rule[]) {}

  /** The analysis of each output, by key. */
  analyze(inputs: readonly RenderInput[]): Map<string, Analysis> {
    const out = new Map<string, Analysis>();
    for (const input of inputs) {
      const configKey = JSON.stringify(input.config);
      let known = this.analyzers.get(input.key);
      if (!known || known.configKey !== configKey) {
        known = { configKey, analyzer: new Analyzer(this.rules, input.config) };
        this.analyzers.set(input.key, known);
      }
      out.set(input.key, known.analyzer.analyze(input.text));
    }
    return out;
  }

  /** Forgets the outputs not named (roots removed, value sets gone). */
  keep(keys: ReadonlySet<string>): void {
    for (const key of this.analyzers.keys()) if (!keys.has(key)) this.analyzers.delete(key);
  }
}
