/**
 * The host, sysctl, HostProcess, volume-type and probe-host checks against the Pod Security
 * Admission conformance fixtures: every `fail` fixture of a check gets a finding of the rule that
 * implements it, at the fixture's level; no `pass` fixture gets a finding of these rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, type Profile } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { PSA_FIXTURES } from '../support/paths.js';

const CHECKS = ['hostNamespaces', 'hostPathVolumes', 'hostPorts', 'sysctls', 'windowsHostProcess', 'restrictedVolumes', 'hostProbesAndHostLifecycle'];
const DIR = PSA_FIXTURES;

/** The rules that implement a check: more than one may (container-runtime-socket is part of hostPathVolumes). */
const rulesOf = (check: string) => ALL_RULES.filter((r) => r.meta.pss?.checks.includes(check)).map((r) => r.meta.id);
const ruleIds = new Set(CHECKS.flatMap(rulesOf));

interface Row {
  readonly path: string;
  readonly level: Profile;
  readonly verdict: string;
  readonly check: string;
}

const rows: Row[] = readFileSync(join(DIR, 'INDEX.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const [path, level, , verdict, check] = line.split('\t');
    return { path: path!, level: level as Profile, verdict: verdict!, check: check! };
  });

function ruleIdsFound(row: Row): string[] {
  const text = readFileSync(join(DIR, row.path), 'utf8');
  const analyzer = new Analyzer(ALL_RULES, mergeConfig(DEFAULT_CONFIG, { profile: row.level }));
  return analyzer.analyze(text).findings.map((f) => f.ruleId);
}

describe('PSA conformance of the host, sysctl, HostProcess, volume and probe checks', () => {
  it('has a rule for every check', () => {
    for (const check of CHECKS) assert.ok(rulesOf(check).length > 0, `no rule implements ${check}`);
  });
  for (const row of rows.filter((r) => r.verdict === 'fail' && CHECKS.includes(r.check))) {
    it(`${row.path} is reported by ${rulesOf(row.check).join(' or ')}`, () => {
      assert.ok(ruleIdsFound(row).some((id) => rulesOf(row.check).includes(id)));
    });
  }
  for (const row of rows.filter((r) => r.verdict === 'pass')) {
    it(`${row.path} gets none of their findings`, () => {
      assert.deepEqual(ruleIdsFound(row).filter((id) => ruleIds.has(id)), []);
    });
  }
});
