/**
 * Applying fixes to a whole text: the safe fix of every finding (optionally of one rule, and
 * optionally unsafe fixes too),
 * overlapping edits dropped, repeated until nothing changes (a fix may reveal the next one).
 *
 * Each round checks the text it produced (see fix-check.ts). A fix that would break the file on
 * its own (invalid YAML, a key written twice, a comment deleted, JSON no longer JSON) is dropped
 * and reported; so is one that clashes with another fix of the same round, such as a rename of
 * `runAsNonroot` to `runAsNonRoot` beside an insertion of `runAsNonRoot` in the same mapping: the
 * first is applied, and the second is looked at again in the next round, on the new text.
 */
import type { Analysis, Finding } from './analyze.js';
import type { EngineConfig } from './config.js';
import { createAnalyzer, type DocumentKind } from './document.js';
import { applyEdits, nonOverlapping, type Fix } from './edits.js';
import { damage, textState, type TextState } from './fix-check.js';
import type { Rule } from './rule.js';
import { t } from '../l10n/t.js';
import { checkWorkspace, WorkspaceIndex } from './workspace.js';

export interface AppliedFix {
  readonly ruleId: string;
  readonly title: string;
}

export interface DroppedFix extends AppliedFix {
  /** Why the fix was left out, as a sentence to show ("it would write the key ... twice"). */
  readonly reason: string;
}

export interface FixResult {
  readonly text: string;
  /** The fixes applied, in order, with the rule each one came from. */
  readonly applied: readonly AppliedFix[];
  /** The fixes left out because they would have damaged the file, with the reason; each once. */
  readonly dropped: readonly DroppedFix[];
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

/** A fix fix-all may take, with the finding it fixes. */
export type CandidateFix = Fix & { readonly ruleId: string; readonly message: string };

/** The fixes that fix-all would take from one analysis, without overlaps. */
export function fixesToApply(findings: readonly Finding[], ruleId?: string, unsafe = false): CandidateFix[] {
  return nonOverlapping(candidateFixes(findings, ruleId, unsafe));
}

/**
 * The fix fix-all would take for each finding (optionally of one rule), overlaps included: its
 * first safe fix, else (with `unsafe`) its first unsafe one; `manual` fixes never.
 */
function candidateFixes(findings: readonly Finding[], ruleId?: string, unsafe = false): CandidateFix[] {
  const candidates: CandidateFix[] = [];
  for (const finding of findings) {
    if (ruleId !== undefined && finding.ruleId !== ruleId) continue;
    // A lazy fix whose edits turned out impossible has none.
    const fix = finding.fixes.find((f) => f.safe && !f.manual && f.edits.length > 0) ?? (unsafe ? finding.fixes.find((f) => !f.manual && f.edits.length > 0) : undefined);
    if (fix) candidates.push({ ...fix, ruleId: finding.ruleId, message: finding.message });
  }
  return candidates;
}

export function fixAll(text: string, rules: readonly Rule[], config: EngineConfig, options: FixOptions = {}): FixResult {
  const analyzer = createAnalyzer(options.kind ?? 'yaml', rules, config);
  // ABAC policy files are JSON Lines, checked line by line by their own rules: the YAML checks do not apply.
  const checked = (options.kind ?? 'yaml') === 'yaml';
  const applied: AppliedFix[] = [];
  const dropped = new Map<string, DroppedFix>();
  /** Fixes that break the file on their own: not tried again. */
  const broken = new Set<string>();
  let current = text;
  const sections = new Map<string, TextState>();
  let state = checked ? textState(text, sections) : undefined;
  for (let round = 0; round < (options.maxRounds ?? 25); round++) {
    const fixes = nonOverlapping(candidateFixes(findingsOf(analyzer.analyze(current), rules, config), options.ruleId, options.unsafe).filter((f) => !broken.has(identity(f))));
    if (fixes.length === 0) break;
    const outcome = state ? checkedRound(current, state, fixes, sections) : { accepted: fixes, text: applyEdits(current, fixes.flatMap((f) => f.edits)), rejected: [] };
    for (const { fix, reason, clash } of outcome.rejected) {
      if (!clash) broken.add(identity(fix));
      dropped.set(identity(fix), { ruleId: fix.ruleId, title: fix.title, reason });
    }
    // With every fix of the round dropped, fixes that waited for them (overlapping edits) get the next round.
    if (outcome.accepted.length === 0 && outcome.rejected.some((r) => !r.clash)) continue;
    if (outcome.accepted.length === 0 || outcome.text === current) break;
    for (const fix of outcome.accepted) {
      dropped.delete(identity(fix));
      applied.push({ ruleId: fix.ruleId, title: fix.title });
    }
    current = outcome.text;
    if (state) state = outcome.state ?? textState(current, sections);
  }
  return { text: current, applied, dropped: [...dropped.values()] };
}

/**
 * The file's findings, with those of the cross-file rules over the file alone: a cross-file
 * finding (a pod whose ServiceAccount does not turn the token off) has fixes too, and what the
 * file itself holds is all a fix of this file can go by.
 */
function findingsOf(analysis: Analysis, rules: readonly Rule[], config: EngineConfig): readonly Finding[] {
  if (!rules.some((r) => r.checkWorkspace && r.meta.fixable)) return analysis.findings;
  const index = new WorkspaceIndex();
  index.update('', analysis);
  const crossFile = checkWorkspace(index, rules.filter((r) => r.meta.fixable), config).get('') ?? [];
  return crossFile.length ? [...analysis.findings, ...crossFile] : analysis.findings;
}

interface Rejected {
  readonly fix: CandidateFix;
  readonly reason: string;
  /** Rejected for clashing with another fix of the round (it may apply in a later round). */
  readonly clash: boolean;
}

interface RoundOutcome {
  readonly accepted: readonly CandidateFix[];
  readonly text: string;
  readonly rejected: readonly Rejected[];
  readonly state?: TextState;
}

/**
 * One round: all fixes at once when the result is sound (the usual case, one check); otherwise
 * fix by fix, keeping each that leaves the text sound together with those kept before it. Fixes
 * that change what the author wrote (a rename) come before those that only add text: the value
 * the author chose wins over a default.
 */
function checkedRound(text: string, before: TextState, fixes: readonly CandidateFix[], sections: Map<string, TextState>): RoundOutcome {
  const all = applyEdits(text, fixes.flatMap((f) => f.edits));
  const allState = textState(all, sections);
  if (damage(before, allState) === undefined) return { accepted: fixes, text: all, rejected: [], state: allState };
  const accepted: CandidateFix[] = [];
  const rejected: Rejected[] = [];
  const harm = (set: readonly CandidateFix[]) => damage(before, textState(applyEdits(text, set.flatMap((f) => f.edits)), sections));
  const onlyInserts = (fix: CandidateFix) => fix.edits.every((edit) => edit.start === edit.end);
  for (const fix of [...fixes.filter((f) => !onlyInserts(f)), ...fixes.filter(onlyInserts)]) {
    if (harm([...accepted, fix]) === undefined) {
      accepted.push(fix);
      continue;
    }
    const alone = harm([fix]);
    if (alone !== undefined) {
      rejected.push({ fix, reason: alone, clash: false });
      continue;
    }
    const other = accepted.find((kept) => harm([kept, fix]) !== undefined);
    const why = other ? harm([other, fix])! : harm([...accepted, fix])!;
    const withWhom = other ? `"${other.title}" (${other.ruleId})` : t('the other fixes');
    rejected.push({ fix, reason: t('it clashes with {0} in the same place: together {1}', withWhom, why.replace(/^it would/, 'they would')), clash: true });
  }
  return { accepted, text: applyEdits(text, accepted.flatMap((f) => f.edits)), rejected };
}

function identity(fix: CandidateFix): string {
  return `${fix.ruleId}\u0000${fix.title}\u0000${fix.message}`;
}
