/**
 * Applying fixes to a whole text: the safe fix of every finding (optionally of one rule, and
 * optionally unsafe fixes too),
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
  /** Apply unsafe fixes too (`--unsafe-fixes`); fixes marked `manual` are never applied. */
  readonly unsafe?: boolean;
}

/** The fixes that fix-all would take from one analysis, without overlaps. */
export function fixesToApply(findings: readonly Finding[], ruleId?: string, unsafe = false): (Fix & { ruleId: string })[] {
  const candidates: (Fix & { ruleId: string })[] = [];
  for (const finding of findings) {
    if (ruleId !== undefined && finding.ruleId !== ruleId) continue;
    const fix = finding.fixes.find((f) => f.safe && !f.manual) ?? (unsafe ? finding.fixes.find((f) => !f.manual) : undefined);
    if (fix) candidates.push({ ...fix, ruleId: finding.ruleId });
  }
  return nonOverlapping(candidates);
}

export function fixAll(text: string, rules: readonly Rule[], config: EngineConfig, options: FixOptions = {}): FixResult {
  const analyzer = createAnalyzer(options.kind ?? 'yaml', rules, config);
  const applied: { ruleId: string; title: string }[] = [];
  let current = text;
  for (let round = 0; round < (options.maxRounds ?? 25); round++) {
    const fixes = fixesToApply(analyzer.analyze(current).findings, options.ruleId, options.unsafe);
    if (fixes.length === 0) break;
    const next = applyEdits(current, fixes.flatMap((f) => f.edits));
    if (next === current) break;
    applied.push(...fixes.map((f) => ({ ruleId: f.ruleId, title: f.title })));
    current = next;
  }
  return { text: current, applied };
}
