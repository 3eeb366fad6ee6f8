/** ABAC policy files: the positioned JSON parser, line parsing and validation, the analyzer. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAbacPolicies, parseAbacPolicy, splitAbacLines } from '../../server/src/engine/abac.js';
import { createAnalyzer, DEFAULT_CONFIG, documentKindOf, fixAll, mergeConfig } from '../../server/src/engine/index.js';
import { compactJson, parseJson } from '../../server/src/engine/json.js';
import { get, toPlain } from '../../server/src/engine/model.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const V1 = 'abac.authorization.kubernetes.io/v1beta1';

describe('parseJson', () => {
  it('parses JSON into the positioned model', () => {
    const text = ' {"a": [1, true, null], "b": {"c": "x\\"y"}} ';
    const result = parseJson(text);
    assert.ok(result.node);
    assert.deepEqual(toPlain(result.node), { a: [1, true, null], b: { c: 'x"y' } });
    const c = get(result.node, 'b', 'c')!;
    assert.equal(text.slice(c.start, c.end), '"x\\"y"');
  });

  it('reports the position of syntax errors and never throws', () => {
    for (const [text, at] of [['{"a": 1,}', 8], ['{"a" 1}', 5], ['{"a": tru}', 6], ['{"a": 1} x', 9], ['{"a": "b', 6], ['[1, 2', 5]] as const) {
      const result = parseJson(text);
      assert.ok(result.error, text);
      assert.equal(result.error.start, at, `${text}: ${result.error.message}`);
    }
    assert.ok(parseJson('['.repeat(1000)).error);
  });
});

describe('ABAC policy lines', () => {
  it('splits lines, skipping blank and comment lines', () => {
    const { lines, comments } = splitAbacLines('{"user":"a"}\r\n\n# note\n  {"user":"b"}');
    assert.deepEqual(lines, [{ start: 0, text: '{"user":"a"}' }, { start: 22, text: '  {"user":"b"}' }]);
    assert.deepEqual(comments, [{ start: 15, text: '# note' }]);
  });

  it('tells the v1beta1 form from the legacy form', () => {
    const v1 = parseAbacPolicy(`{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"alice","namespace":"*"}}`);
    assert.equal(v1.form, 'v1beta1');
    assert.deepEqual(v1.problems, []);
    assert.deepEqual(toPlain(v1.fields), { user: 'alice', namespace: '*' });
    const legacy = parseAbacPolicy('{"user":"kubelet","readonly":true,"kind":"pods"}');
    assert.equal(legacy.form, 'legacy');
    assert.deepEqual(legacy.problems, []);
  });

  it('names the field in schema problems and points at it', () => {
    const text = `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"bob","readonly":"yes","resorce":"pods"}}`;
    const problems = parseAbacPolicy(text).problems;
    assert.deepEqual(problems.map((p) => [p.message, text.slice(p.start, p.end)]), [
      ['unknown field "spec.resorce"', '"resorce"'],
      ['field "spec.readonly" must be boolean', '"yes"'],
    ].sort((a, b) => text.indexOf(a[1]!) - text.indexOf(b[1]!)));
  });
});

describe('compactJson', () => {
  it('writes a value on one line from the source text of its tokens', () => {
    const text = '{\n  "b": 1.50,\n  "a": ["\\u0061", 1E2, null],\n  "c": {}\n}';
    assert.equal(compactJson(text, parseJson(text).node!), '{"b":1.50,"a":["\\u0061",1E2,null],"c":{}}');
  });
});

describe('ABAC policies spread over several lines', () => {
  const config = mergeConfig(DEFAULT_CONFIG, {});
  const pretty = `{\n  "apiVersion": "${V1}",\n  "kind": "Policy",\n  "spec": {\n    "user": "*",\n    "nonResourcePath": "*"\n  }\n}`;
  const array = `[\n  {"user": "alice", "namespace": "projectCaribou"},\n  {"apiVersion": "${V1}", "kind": "Policy", "spec": {"user": "bob", "nonResourcePath": "/version"}}\n]`;

  it('reads a run of lines holding one object, or one array of objects, as one unit', () => {
    const text = `${pretty}\n# note\n${array}\n{"user":"carol"}\n`;
    const { lines } = splitAbacLines(text);
    assert.deepEqual(lines.map((l) => l.text), [pretty, array, '{"user":"carol"}']);
    assert.deepEqual(parseAbacPolicies(pretty).map((p) => p.spread?.lines), [8]);
    assert.deepEqual(parseAbacPolicies(array).map((p) => [p.form, p.spread?.lines]), [['legacy', 4], ['v1beta1', undefined]]);
    assert.deepEqual(parseAbacPolicies('{"user":"carol"}').map((p) => p.spread), [undefined]);
  });

  it('keeps reading line by line where the joined lines are no JSON object', () => {
    assert.equal(splitAbacLines('{\n  "user": "a",\n}\n').lines.length, 3);
    assert.equal(splitAbacLines('{"user": "a"\n{"user": "b"}\n').lines.length, 2);
    assert.equal(splitAbacLines('[\n  "user",\n  "a"\n]\n').lines.length, 4);
    assert.equal(splitAbacLines('{\n"user": "a"} x\n').lines.length, 2);
  });

  it('reports one finding per unit and checks the policies inside where they are written', () => {
    const text = `${pretty}\n${array}\n`;
    const findings = createAnalyzer('abac', ALL_RULES, config).analyze(text).findings;
    const at = (f: { start: number; end: number }) => [text.slice(f.start, f.end), f.start];
    assert.deepEqual(findings.filter((f) => f.ruleId === 'abac-syntax').map(at), [['{', 0], ['[', pretty.length + 1]]);
    const unrestricted = findings.find((f) => f.ruleId === 'abac-unrestricted-access')!;
    assert.deepEqual(at(unrestricted), ['"nonResourcePath"', pretty.indexOf('"nonResourcePath"')]);
    const legacy = findings.find((f) => f.ruleId === 'abac-legacy-format')!;
    assert.deepEqual(at(legacy), ['"user"', pretty.length + 1 + array.indexOf('"user"')]);
  });

  it('joins each policy onto its own line, and the other rules then judge it as usual', () => {
    const fixed = fixAll(`${pretty}\n${array}\n`, ALL_RULES, config, { kind: 'abac', ruleId: 'abac-syntax' }).text;
    assert.equal(
      fixed,
      `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"*","nonResourcePath":"*"}}\n` +
        '{"user":"alice","namespace":"projectCaribou"}\n' +
        `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"bob","nonResourcePath":"/version"}}\n`,
    );
    const before = createAnalyzer('abac', ALL_RULES, config).analyze(`${pretty}\n${array}\n`).findings.filter((f) => f.ruleId !== 'abac-syntax');
    const after = createAnalyzer('abac', ALL_RULES, config).analyze(fixed).findings;
    assert.deepEqual(after.map((f) => f.message), before.map((f) => f.message));
  });

  it('keeps CRLF line endings when it writes array items on their own lines', () => {
    const fixed = fixAll(`${array.replace(/\n/g, '\r\n')}\r\n`, ALL_RULES, config, { kind: 'abac', ruleId: 'abac-syntax' }).text;
    assert.equal(fixed.split('\r\n').length, 3);
  });

  it('finds a spread policy after a line that never closes', () => {
    const { lines } = splitAbacLines(`{"user": "a"\n${pretty}\n`);
    assert.deepEqual(lines.map((l) => l.text), ['{"user": "a"', pretty]);
  });

  it('stays linear on files of unclosed or unparsable objects', () => {
    for (const text of [`{"user": "a",\n`.repeat(20000), `{\n"user": "a",}\n`.repeat(10000), `${'{\n'.repeat(5000)}${'}x\n'.repeat(5000)}`]) {
      const started = performance.now();
      assert.equal(splitAbacLines(text).lines.length, text.split('\n').length - 1);
      assert.ok(performance.now() - started < 2000);
    }
  });
});

describe('documentKindOf', () => {
  it('picks the ABAC analyzer for JSON Lines', () => {
    assert.equal(documentKindOf('policy.jsonl'), 'abac');
    assert.equal(documentKindOf('/etc/kubernetes/abac.JSONL'), 'abac');
    assert.equal(documentKindOf('untitled:1', 'jsonl'), 'abac');
    assert.equal(documentKindOf('a.txt', 'jsonlines'), 'abac');
    assert.equal(documentKindOf('pod.yaml', 'yaml'), 'yaml');
    assert.equal(documentKindOf('pod.json'), 'yaml');
  });
});

describe('ABAC analyzer', () => {
  const config = mergeConfig(DEFAULT_CONFIG, {});
  const text = [
    '{"user":"alice","ns":"projectCaribou"}',
    `{"apiVersion":"${V1}","kind":"Policy","spec":{"group":"system:unauthenticated","nonResourcePath":"*"}}`,
    '# kube-aegis-disable-next-line abac-anonymous-subject',
    `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"*","nonResourcePath":"/healthz","readonly":true}}`,
    '',
  ].join('\n');

  it('reports findings at file offsets, honours suppression comments', () => {
    const findings = createAnalyzer('abac', ALL_RULES, config).analyze(text).findings;
    const at = (f: { start: number; end: number }) => text.slice(f.start, f.end);
    assert.deepEqual(findings.map((f) => [f.ruleId, at(f)]).sort(), [
      ['abac-anonymous-subject', '"group"'],
      ['abac-legacy-format', '"user"'],
      ['abac-unrestricted-access', '"nonResourcePath"'],
    ]);
  });

  it('re-checks only the lines that changed', () => {
    const analyzer = createAnalyzer('abac', ALL_RULES, config);
    assert.equal(analyzer.analyze(text).reparsed, 3);
    const edited = text.replace('projectCaribou', 'projectB');
    const second = analyzer.analyze(edited);
    assert.equal(second.reparsed, 1);
    assert.equal(second.findings.length, 3);
  });

  it('leaves JSON Lines files that are not ABAC policies alone', () => {
    assert.deepEqual(createAnalyzer('abac', ALL_RULES, config).analyze('{"level":"info","msg":"started"}\nnot json\n').findings, []);
  });

  it('fixes legacy lines into the v1beta1 form with the same meaning', () => {
    const fixed = fixAll('{"user":"alice","namespace":"projectCaribou"}\n{"readonly":true}\n{"user":"bob","ns":"projectCaribou"}\n', ALL_RULES, config, { kind: 'abac', ruleId: 'abac-legacy-format' }).text;
    assert.equal(
      fixed,
      `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"alice","namespace":"projectCaribou","resource":"*","apiGroup":"*"}}\n` +
        `{"apiVersion":"${V1}","kind":"Policy","spec":{"group":"system:authenticated","namespace":"*","resource":"*","apiGroup":"*","nonResourcePath":"*","readonly":true}}\n` +
        // `ns` is no key of the legacy form: kube-apiserver ignores it, so bob gets every namespace.
        `{"apiVersion":"${V1}","kind":"Policy","spec":{"user":"bob","namespace":"*","resource":"*","apiGroup":"*","nonResourcePath":"*"}}\n`,
    );
  });
});

describe('ABAC policy files named .json', () => {
  it('are recognised by their content, one policy object per line', () => {
    const policies = '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "alice", "namespace": "*", "resource": "*", "apiGroup": "*"}}\n{"user":"bob","readonly":true}\n';
    assert.equal(documentKindOf('policy.json', undefined, policies), 'abac');
    assert.equal(documentKindOf('policy.json'), 'yaml');
    assert.equal(documentKindOf('policy.json', undefined, '[\n  {"user": "alice", "readonly": true}\n]\n'), 'abac');
  });

  it('leave Kubernetes JSON manifests to the manifest checks', () => {
    assert.equal(documentKindOf('pod.json', undefined, '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "web"}\n}\n'), 'yaml');
    const crd = '{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","spec":{"group":"example.com"}}\n';
    assert.equal(documentKindOf('crd.json', undefined, crd), 'yaml');
  });
});
