/**
 * Fix-all checks the text of every round: a fix that would make the YAML invalid, write a key
 * twice, delete a comment or turn JSON into YAML is dropped and reported, and one that clashes
 * with another fix of the round (a rename of `runAsNonroot` and an insertion of `runAsNonRoot`
 * in the same mapping) waits, and is reported when it is not needed any more.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_CONFIG, fixAll, mergeConfig, type Rule } from '../../server/src/engine/index.js';
import { getMap, pairOf } from '../../server/src/engine/model.js';
import { defineRule } from '../../server/src/engine/rule.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const EVERYTHING = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r.meta.severity])) });
const FIELDS = parse(readFileSync(join(__dirname, 'fix-cases', 'security-context-fields.yaml'), 'utf8')) as Record<'pod' | 'container', Record<string, unknown>>;

const errorsOf = (text: string) => parseAllDocuments(text, { merge: true, uniqueKeys: true }).flatMap((d) => ('errors' in d ? d.errors : [])).map((e) => e.code);

/** `runAsNonRoot` -> `runAsNonroot`; a name without an inner capital gets two letters swapped. */
function misspelt(field: string): string {
  const inner = field.slice(1).search(/[A-Z]/);
  if (inner >= 0) return field.slice(0, inner + 1) + field[inner + 1]!.toLowerCase() + field.slice(inner + 2);
  return field.slice(0, 2) + field[3] + field[2] + field.slice(4);
}

/** A pod whose securityContext at `level` holds `key: value` and nothing else. */
function podWith(level: 'pod' | 'container', key: string, value: unknown): string {
  const entry = `${key}: ${JSON.stringify(value)}`;
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: spelled',
    'spec:',
    ...(level === 'pod' ? ['  securityContext:', `    ${entry}`] : []),
    '  containers:',
    '    - name: app',
    '      image: example.com/app:1.0.0',
    ...(level === 'container' ? ['      securityContext:', `        ${entry}`] : []),
    '',
  ].join('\n');
}

/** A rule whose finding (while `metadata` has no labels) carries a fix that inserts `text` at the start of `metadata`. */
function insertingRule(id: string, text: string): Rule {
  return defineRule({
    meta: { id, title: id, severity: 'warning', category: 'workload', rationale: '', remediation: '', references: [], fixable: true },
    checkObject(object, context) {
      const metadata = getMap(object.node, 'metadata')!;
      if (getMap(metadata, 'labels')) return;
      context.report({ at: metadata, message: `${id} here`, fixes: [{ title: `apply ${id}`, safe: true, edits: [{ start: metadata.start, end: metadata.start, text }] }] });
    },
  });
}

describe('fix-all with a misspelt field and the same field missing', () => {
  for (const level of ['container', 'pod'] as const) {
    for (const [field, value] of Object.entries(FIELDS[level])) {
      it(`${level} ${misspelt(field)}`, () => {
        const text = podWith(level, misspelt(field), value);
        // Unsafe fixes too: the rename of a restricting field and the insertion of the same field both apply only then.
        const result = fixAll(text, ALL_RULES, EVERYTHING, { unsafe: true });
        assert.deepEqual(errorsOf(result.text), [], `the result parses, each key once:\n${result.text}`);
        const fixed = parse(result.text) as { spec: { securityContext?: Record<string, unknown>; containers: { securityContext?: Record<string, unknown> }[] } };
        const block = level === 'pod' ? fixed.spec.securityContext! : fixed.spec.containers[0]!.securityContext!;
        assert.ok(!(misspelt(field) in block), `${misspelt(field)} renamed:\n${result.text}`);
        assert.deepEqual(block[field], value, `${field} keeps the value the author wrote:\n${result.text}`);
        for (const dropped of result.dropped) assert.match(dropped.reason, /clashes with .*(Rename|Move)/, `${dropped.ruleId}: ${dropped.reason}`);
        assert.equal(fixAll(result.text, ALL_RULES, EVERYTHING, { unsafe: true }).text, result.text, 'fixing again changes nothing');
      });
    }
  }

  it('applies the rename and reports the insertion it left out', () => {
    // A rule of its own adds the field, so that the case does not depend on whether a rule's insertion is safe.
    const addsRunAsNonRoot = defineRule({
      meta: { id: 'adds-run-as-non-root', title: 'adds', severity: 'warning', category: 'pod-security', rationale: '', remediation: '', references: [], fixable: true },
      checkPod(pod, context) {
        const block = getMap(pod.spec, 'securityContext');
        if (!block || pairOf(block, 'runAsNonRoot')) return;
        context.report({ at: block, message: 'runAsNonRoot missing', fixes: [{ title: 'Add runAsNonRoot: true', safe: true, edits: context.edits.setKey(block, 'runAsNonRoot', true) }] });
      },
    });
    const rules = [...ALL_RULES.filter((r) => r.meta.id === 'unknown-security-field'), addsRunAsNonRoot];
    const result = fixAll(podWith('pod', 'runAsNonroot', true), rules, EVERYTHING, { unsafe: true });
    assert.deepEqual(result.applied.map((a) => a.ruleId), ['unknown-security-field']);
    assert.deepEqual(result.dropped.map((d) => d.ruleId), ['adds-run-as-non-root']);
    assert.match(result.dropped[0]!.reason, /clashes with "Rename runAsNonroot to runAsNonRoot" \(unknown-security-field\).*"runAsNonRoot" twice/);
    assert.deepEqual(errorsOf(result.text), []);
  });
});

describe('fix-all drops a fix that would damage the file', () => {
  const pod = 'apiVersion: v1\nkind: Pod\n# who owns this pod\nmetadata:\n  name: p\nspec:\n  containers: []\n';

  for (const [name, inserted, reason] of [
    ['invalid YAML', '{[', /invalid/],
    ['a duplicate key', 'name: other\n  ', /key "?name"? twice/],
  ] as const) {
    it(`${name}: dropped, reported, the rest applied`, () => {
      const rules = [insertingRule('breaks', inserted), insertingRule('adds-label', 'labels: {a: b}\n  ')];
      const result = fixAll(pod, rules, DEFAULT_CONFIG);
      assert.deepEqual(result.dropped.map((d) => [d.ruleId, d.title]), [['breaks', 'apply breaks']]);
      assert.match(result.dropped[0]!.reason, reason);
      assert.deepEqual(result.applied.map((a) => a.ruleId), ['adds-label']);
      assert.deepEqual(errorsOf(result.text), []);
      assert.equal(fixAll(result.text, rules, DEFAULT_CONFIG).text, result.text);
    });
  }

  it('a fix that deletes a comment on its own line', () => {
    const deleting = defineRule({
      meta: { id: 'deletes', title: 'deletes', severity: 'warning', category: 'workload', rationale: '', remediation: '', references: [], fixable: true },
      checkObject(object, context) {
        const at = pod.indexOf('# who');
        context.report({ at: object.node, message: 'x', fixes: [{ title: 'delete the comment', safe: true, edits: [{ start: at, end: pod.indexOf('metadata:'), text: '' }] }] });
      },
    });
    const result = fixAll(pod, [deleting], DEFAULT_CONFIG);
    assert.equal(result.text, pod);
    assert.match(result.dropped[0]!.reason, /delete the comment "# who owns this pod"/);
  });

  it('a fix that turns JSON into YAML', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"}\n}\n';
    const yamlInsert = defineRule({
      meta: { id: 'yamlish', title: 'yamlish', severity: 'warning', category: 'workload', rationale: '', remediation: '', references: [], fixable: true },
      checkObject(_object, context) {
        const at = json.indexOf('"name"');
        context.report({ at: { start: at, end: at }, message: 'x', fixes: [{ title: 'unquoted key', safe: true, edits: [{ start: at, end: at, text: 'labels: {}, ' }] }] });
      },
    });
    const result = fixAll(json, [yamlInsert], DEFAULT_CONFIG);
    assert.equal(result.text, json);
    // Offered fixes are already kept to JSON (see FixScope): nothing reaches fix-all.
    assert.deepEqual(result.applied, []);
  });
});
