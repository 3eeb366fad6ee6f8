/** Runs every rule fixture (see test/support/fixtures.ts) and checks the rule catalogue. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSet, fixAll, LineIndex, mergeConfig, type EngineConfig } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection, splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { expectedFindings, loadRuleFixtures, type RuleFixture } from '../support/fixtures.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';
import { parseAbacPolicies, splitAbacLines } from '../../server/src/engine/abac.js';
import { createAnalyzer } from '../../server/src/engine/document.js';

const fixtures = new Map(loadRuleFixtures().map((f) => [f.id, f]));
// Rendering rules are reported around the engine; their fixtures are charts and kustomizations under test/render/fixtures.
const ENGINE_REPORTED = new Set(['syntax', 'rendering']);

function configFor(fixture: RuleFixture): EngineConfig {
  const rule = ALL_RULES.find((r) => r.meta.id === fixture.id)!;
  const own = fixture.config.rules[fixture.id];
  return own === undefined ? mergeConfig(fixture.config, { rules: { [fixture.id]: rule.meta.severity } }) : fixture.config;
}

/** Findings of the text analysed as a set of one file, so that cross-file rules run too. */
function findingsOf(text: string, fixture: RuleFixture) {
  return analyzeSet([{ key: 'fixture.yaml', text, config: configFor(fixture) }], ALL_RULES).get('fixture.yaml')!.findings;
}

function markersFound(text: string, fixture: RuleFixture): string[] {
  const lines = new LineIndex(text);
  return fixtureFindings(text, fixture)
    .filter((f) => f.ruleId === fixture.id)
    .map((f) => `${lines.position(f.start).line}:${f.ruleId}`)
    .sort();
}

/** Findings of a fixture's text; ABAC policy files (JSON Lines) go through their own analyzer. */
function fixtureFindings(text: string, fixture: RuleFixture) {
  return fixture.kind === 'abac' ? createAnalyzer('abac', ALL_RULES, configFor(fixture)).analyze(text).findings : findingsOf(text, fixture);
}

function assertValidKubernetes(text: string, where: string): void {
  for (const section of splitSections(text)) {
    const parsed = parseSection(section.text);
    assert.equal(parsed.error, undefined, `${where} does not parse: ${parsed.error?.message}`);
    for (const object of parsed.roots.flatMap(objectsOf)) {
      const errors = k8sSchemaErrors(toPlain(object.node) as { apiVersion: string; kind: string });
      assert.deepEqual(errors ?? [], [], `${where}: ${object.kind} ${object.name ?? ''} is not a valid Kubernetes object`);
    }
  }
}

function abacProblems(text: string): { message: string; line: string }[] {
  return splitAbacLines(text).lines.flatMap((line) => parseAbacPolicies(line.text).flatMap((policy) => policy.problems.map((p) => ({ message: p.message, line: line.text }))));
}

/** Fixes make no policy invalid: `fixed` has no problem that `bad` did not have (abac-syntax keeps its unfixable lines). */
function assertNoNewAbacProblems(fixed: string, bad: string, where: string): void {
  const before = abacProblems(bad).map((p) => p.message);
  for (const problem of abacProblems(fixed)) {
    const index = before.indexOf(problem.message);
    assert.ok(index >= 0, `${where}: ${problem.message} in ${problem.line}`);
    before.splice(index, 1);
  }
}

describe('rule catalogue', () => {
  it('has unique ids that match their files and complete metadata', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const { meta } of ALL_RULES) {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of ['title', 'rationale', 'remediation'] as const) assert.ok(meta[field].length > 10, `${meta.id}: ${field}`);
    }
  });
  for (const rule of ALL_RULES) {
    if (ENGINE_REPORTED.has(rule.meta.category)) continue;
    it(`${rule.meta.id} has fixtures`, () => {
      const fixture = fixtures.get(rule.meta.id);
      assert.ok(fixture, `test/rules/${rule.meta.id}/ is missing`);
      assert.ok(fixture.bad, `${rule.meta.id}: bad.${fixture.ext} is missing`);
      assert.ok(fixture.good, `${rule.meta.id}: good.${fixture.ext} is missing`);
      if (rule.meta.fixable) assert.ok(fixture.fixed !== undefined, `${rule.meta.id}: fixable, so bad.fixed.${fixture.ext} is needed`);
      assert.equal(rule.meta.fixSafety !== undefined, rule.meta.fixable, `${rule.meta.id}: a fixable rule says how safe its fixes are (fixSafety), and only a fixable one`);
      if (fixture.kind === 'abac') assert.ok(fixture.expect !== undefined, `${rule.meta.id}: bad.expect is missing`);
    });
  }
});

for (const fixture of fixtures.values()) {
  const rule = ALL_RULES.find((r) => r.meta.id === fixture.id);
  describe(`rule ${fixture.id}`, () => {
    it('is a known rule', () => assert.ok(rule, `test/rules/${fixture.id} names no rule`));
    if (!rule) return;
    if (fixture.bad !== undefined) {
      const bad = fixture.bad;
      it(`reports exactly the marked findings in bad.${fixture.ext}`, () => {
        const expected = expectedFindings(fixture, fixture.id);
        assert.ok(expected.length > 0, `bad.${fixture.ext} marks no finding`);
        assert.deepEqual(markersFound(bad, fixture), expected);
      });
      it('reports ranges inside the text, never the whole file', () => {
        for (const f of fixtureFindings(bad, fixture)) {
          assert.ok(f.start >= 0 && f.end <= bad.length && f.start <= f.end, `${f.ruleId} range ${f.start}-${f.end}`);
          assert.ok(f.end - f.start < bad.length / 2 || bad.length < 80, `${f.ruleId}: range covers most of the file`);
        }
      });
    }
    if (fixture.bad !== undefined && fixture.fixed !== undefined) {
      const bad = fixture.bad;
      const fixed = fixture.fixed;
      // bad.fixed shows what every fix does, unsafe ones included (`--fix --unsafe-fixes`).
      const options = { ruleId: fixture.id, kind: fixture.kind, unsafe: true };
      it(`fixes bad.${fixture.ext} into bad.fixed.${fixture.ext}`, () => {
        assert.equal(fixAll(bad, ALL_RULES, configFor(fixture), options).text, fixed);
      });
      it('leaves only findings that fix-all cannot fix, and fixing again changes nothing', () => {
        const remaining = fixtureFindings(fixed, fixture).filter((f) => f.ruleId === fixture.id);
        assert.deepEqual(remaining.filter((f) => f.fixes.some((x) => !x.manual)).map((f) => f.message), []);
        assert.equal(fixAll(fixed, ALL_RULES, configFor(fixture), options).text, fixed);
      });
      if (fixture.kind === 'yaml') it('produces valid Kubernetes objects', () => assertValidKubernetes(fixed, 'bad.fixed.yaml'));
      else it('produces no invalid ABAC policy that bad.jsonl did not have', () => assertNoNewAbacProblems(fixed, bad, 'bad.fixed.jsonl'));
    }
    const safety = rule.meta.fixSafety;
    if (fixture.bad !== undefined && safety) {
      const bad = fixture.bad;
      it(`offers fixes as safe as its metadata says (${safety.level})`, () => {
        const fixes = fixtureFindings(bad, fixture).filter((f) => f.ruleId === fixture.id).flatMap((f) => f.fixes);
        assert.ok(fixes.length > 0, 'bad input offers no fix');
        const kinds = new Set(fixes.map((f) => (f.safe ? 'safe' : 'unsafe')));
        if (safety.level === 'depends') assert.deepEqual([...kinds].sort(), ['safe', 'unsafe'], 'bad input shows a safe fix and an unsafe one');
        else assert.deepEqual([...kinds], [safety.level]);
      });
    }
    if (fixture.good !== undefined) {
      const good = fixture.good;
      it(`is silent on good.${fixture.ext}`, () => {
        assert.deepEqual(fixtureFindings(good, fixture).filter((f) => f.ruleId === fixture.id).map((f) => f.message), []);
      });
    }
  });
}
