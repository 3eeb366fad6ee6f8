/**
 * The migration of the early alpha NetworkPolicy to networking.k8s.io/v1: the exact text it
 * produces (comments kept, selectors nested under matchLabels) and its validity against the
 * Kubernetes schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, applyEdits, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { objectsOf } from '../../server/src/engine/k8s.js';
import { toPlain } from '../../server/src/engine/model.js';
import { parseSection, splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { ROOT } from '../support/paths.js';
import { k8sSchemaErrors } from '../support/k8s-schema.js';

const DATA = join(ROOT, 'test', 'tenancy', 'data');
const read = (name: string) => readFileSync(join(DATA, name), 'utf8');

function apiFindings(text: string) {
  return analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.filter((f) => f.ruleId === 'deprecated-api-version');
}

/** Applies the first fix of every deprecated-api-version finding. */
function migrate(text: string): string {
  return applyEdits(text, apiFindings(text).flatMap((f) => f.fixes[0]?.edits ?? []));
}

describe('alpha NetworkPolicy migration', () => {
  const alpha = read('alpha-network-policy.yaml');

  it('is offered, but not as a safe fix (v1 policies isolate pods without the namespace annotation)', () => {
    const findings = apiFindings(alpha);
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.equal(finding.fixes.length, 1);
      assert.equal(finding.fixes[0]!.safe, false);
    }
  });

  it('rewrites the documents into the expected networking.k8s.io/v1 text', () => {
    assert.equal(migrate(alpha), read('alpha-network-policy.migrated.yaml'));
  });

  it('produces objects valid against the Kubernetes schema, with nothing left to migrate', () => {
    const migrated = migrate(alpha);
    let checked = 0;
    for (const section of splitSections(migrated)) {
      const parsed = parseSection(section.text);
      assert.equal(parsed.error, undefined);
      for (const object of parsed.roots.flatMap(objectsOf)) {
        assert.deepEqual(k8sSchemaErrors(toPlain(object.node) as { apiVersion: string; kind: string }), [], `${object.kind} ${object.name}`);
        checked++;
      }
    }
    assert.equal(checked, 2);
    assert.deepEqual(apiFindings(migrated), []);
  });

  it('offers nothing for fields it does not know how to translate', () => {
    const unknown = alpha.split('---\n')[1]!.replace('  allowIncoming:', '  allowOutgoing: []\n  allowIncoming:');
    const [finding] = apiFindings(unknown);
    assert.ok(finding);
    assert.deepEqual(finding.fixes, []);
  });
});

describe('LoadBalancer source ranges fix', () => {
  it('inserts a placeholder range that still validates, as an unsafe fix', () => {
    const text = readFileSync(join(ROOT, 'test', 'rules', 'service-load-balancer-source-ranges', 'bad.yaml'), 'utf8');
    const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.filter((f) => f.ruleId === 'service-load-balancer-source-ranges');
    assert.equal(findings.length, 2);
    assert.ok(findings.every((f) => f.fixes.length === 1 && !f.fixes[0]!.safe));
    const fixed = applyEdits(text, findings.flatMap((f) => f.fixes[0]!.edits));
    assert.match(fixed, /loadBalancerSourceRanges:\n {4}- "203\.0\.113\.0\/24"\n/);
    for (const section of splitSections(fixed)) {
      for (const object of parseSection(section.text).roots.flatMap(objectsOf)) {
        assert.deepEqual(k8sSchemaErrors(toPlain(object.node) as { apiVersion: string; kind: string }), []);
        assert.deepEqual((toPlain(object.node) as { spec: { loadBalancerSourceRanges: string[] } }).spec.loadBalancerSourceRanges, ['203.0.113.0/24']);
      }
    }
  });
});
