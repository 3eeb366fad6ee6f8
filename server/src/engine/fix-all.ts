/**
 * Applying fixes to a whole text: the safe fix of every finding (optionally of one rule),
 * overlapping edits dropped, repeated until nothing changes (a fix may reveal the next one).
 */
import type { Finding } from './analyze.js';
import type { EngineConfig } from './config.js';
import { createAnalyzer, type DocumentKind } from './document.js';
import { applyEdits, nonOverlapping, type Fix } from './edits.js';
import type { Rule } from './rule.js';

export interface FixResult {
  readonly text: string;
  /** The fixes applied, in order, with the rule each one came from. */
  readonly applied: readonly { readonly ruleId: string; readonly title: string }[];
}

export interface FixOptions {
  /** Only fixes of this rule. */
  readonly ruleId?: string;
  /** Rounds of analyse-and-fix. Fixes that touch the same place wait for the next round, so a file with many findings in one block needs several. */
  readonly maxRounds?: number;
  /** What the text is (see documentKindOf); YAML when not given. */
  readonly kind?: DocumentKind;
}

/** The fixes that fix-all would take from one analysis, without overlaps. */
export function fixesToApply(findings: readonly Finding[], ruleId?: string): (Fix & { ruleId: string })[] {
  const candidates = findings
    .filter((f) => (ruleId === undefined || f.ruleId === ruleId) && f.fixes[0]?.safe)
    .map((f) => ({ ...f.fixes[0]!, ruleId: f.ruleId }));
  return nonOverlapping(candidates);
}

export function fixAll(text: string, rules: readonly Rule[], config: EngineConfig, options: FixOptions = {}): FixResult {
  const analyzer = createAnalyzer(options.kind ?? 'yaml', rules, config);
  const applied: { ruleId: string; title: string }[] = [];
  let current = text;
  for (let round = 0; round < (options.maxRounds ?? 25); round++) {
    const fixes = fixesToApply(analyzer.analyze(current).findings, options.ruleId);
    if (fixes.length === 0) break;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    if (next === current) break;
    applied.push(...fixes.map((f) => ({ ruleId: f.ruleId, title: f.title })));
    current = next;
  }
  return { text: current, applied };
}
