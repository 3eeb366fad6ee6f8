/** One file through the engine, with what the formatters need to print positions. */
import { createAnalyzer, documentKindOf, LineIndex, type EngineConfig, type Finding } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';

export interface FileReport {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly findings: readonly Finding[];
}

export function scanText(path: string, text: string, config: EngineConfig): FileReport {
  const findings = [...createAnalyzer(documentKindOf(path), ALL_RULES, config).analyze(text).findings].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { path, text, lines: new LineIndex(text), findings };
}
