/**
 * Every quick fix of the control-plane, RBAC and ABAC rules, safe or not, applied on its own to
 * the rule's bad fixture: it must remove its finding and leave a valid manifest or policy file.
 * (The fixture test applies the first fix of each finding.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAbacPolicies, splitAbacLines } from '../../server/src/engine/abac.js';
import { applyEdits, createAnalyzer, mergeConfig } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection, splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { loadRuleFixtures, type RuleFixture } from '../support/fixtures.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';

const CATEGORIES = new Set(['control-plane', 'rbac', 'abac']);

function problemsOf(text: string, fixture: RuleFixture): string[] {
  if (fixture.kind === 'abac') return splitAbacLines(text).lines.flatMap((line) => parseAbacPolicies(line.text).flatMap((policy) => policy.problems.map((p) => p.message)));
  return splitSections(text).flatMap((section) => {
    const parsed = parseSection(section.text);
    if (parsed.error) return [parsed.error.message];
    return parsed.roots.flatMap(objectsOf).flatMap((o) => k8sSchemaErrors(toPlain(o.node) as { apiVersion: string }) ?? []);
  });
}

for (const fixture of loadRuleFixtures()) {
  const rule = ALL_RULES.find((r) => r.meta.id === fixture.id);
  if (!rule || !CATEGORIES.has(rule.meta.category) || !rule.meta.fixable || fixture.bad === undefined) continue;
  const bad = fixture.bad;
  describe(`every fix of ${fixture.id}`, () => {
    const analyzer = () => createAnalyzer(fixture.kind, ALL_RULES, mergeConfig(fixture.config, { rules: { [fixture.id]: rule.meta.severity } }));
    const own = (text: string) => analyzer().analyze(text).findings.filter((f) => f.ruleId === fixture.id);
    const findings = own(bad);
    const before = problemsOf(bad, fixture);
    it('offers a fix for its findings', () => assert.ok(findings.some((f) => f.fixes.length > 0)));
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        it(`"${fix.title}" at ${finding.start} removes its finding and keeps the file valid`, () => {
          const fixed = applyEdits(bad, fix.edits);
          assert.notEqual(fixed, bad);
          assert.deepEqual(problemsOf(fixed, fixture), before);
          const remaining = own(fixed);
          assert.ok(remaining.length < findings.length, `still ${remaining.length} findings:\n${fixed}`);
        });
      }
    }
  });
}
