/**
 * Kubernetes Pod Security Admission conformance: every fixture of test/data/psa-conformance, analysed
 * under the profile of its level, must be reported by a rule that implements its targeted check
 * (`fail`) or get no finding at all (`pass`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, type Profile } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { PSA_FIXTURES as CORPUS } from '../support/paths.js';

interface Row {
  readonly path: string;
  readonly level: Profile;
  readonly verdict: 'pass' | 'fail';
  /** The camelCase PSA check id, or a parenthesised note for the minimal valid pods. */
  readonly check: string;
}

function readIndex(): Row[] {
  const [header, ...lines] = readFileSync(join(CORPUS, 'INDEX.tsv'), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const columns = header!.split('\t');
  const column = (name: string) => {
    const index = columns.indexOf(name);
    assert.ok(index >= 0, `INDEX.tsv has no column ${name}`);
    return index;
  };
  const [path, level, verdict, check] = ['path', 'policy_level', 'expected_verdict', 'targeted_check_id'].map(column) as [number, number, number, number];
  return lines.map((line) => {
    const cells = line.split('\t');
    return { path: cells[path]!, level: cells[level] as Profile, verdict: cells[verdict] as Row['verdict'], check: cells[check]! };
  });
}

/** The rules that claim each PSA check id through `meta.pss.checks`. */
const claimedBy = new Map<string, string[]>();
for (const rule of ALL_RULES) {
  for (const check of rule.meta.pss?.checks ?? []) claimedBy.set(check, [...(claimedBy.get(check) ?? []), rule.meta.id]);
}

const analyzers = new Map<Profile, Analyzer>();
function findingsOf(row: Row) {
  // One analyzer per level; a fresh one per file would only repeat the rule selection.
  let analyzer = analyzers.get(row.level);
  if (!analyzer) analyzers.set(row.level, (analyzer = new Analyzer(ALL_RULES, mergeConfig(DEFAULT_CONFIG, { profile: row.level }))));
  return analyzer.analyze(readFileSync(join(CORPUS, row.path), 'utf8')).findings;
}

const rows = readIndex();

describe('Pod Security Admission conformance', () => {
  it('covers the whole corpus index', () => {
    assert.ok(rows.length >= 148, `INDEX.tsv lists ${rows.length} fixtures`);
  });
  for (const row of rows) {
    const claimants = claimedBy.get(row.check) ?? [];
    if (row.verdict === 'fail') {
      // A fail row can only pass once some rule implements its check.
      const skip = claimants.length === 0 ? `no rule implements PSA check ${row.check} yet` : false;
      it(`${row.path} is denied by ${row.check}`, { skip }, () => {
        const findings = findingsOf(row);
        assert.ok(
          findings.some((f) => claimants.includes(f.ruleId)),
          `expected a finding of ${claimants.join(' or ')}; got ${JSON.stringify(findings.map((f) => `${f.ruleId}: ${f.message}`))}`,
        );
      });
    } else {
      // A pass row holds whatever the rule set: it guards every present rule against false alarms.
      it(`${row.path} is allowed`, () => {
        assert.deepEqual(findingsOf(row).map((f) => `${f.ruleId}: ${f.message}`), []);
      });
    }
  }
});
