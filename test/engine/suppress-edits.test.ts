/** The edits behind the editor's "ignore" actions: they must silence exactly the finding. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, applyEdits, DEFAULT_CONFIG, ignoreLineEdit, ignoreObjectEdits } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const RULE = 'privileged-container';

function pod(metadata: string, name = 'p'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:${metadata.replace('NAME', name)}\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: c\n      image: example.com/c:1.0.0\n      securityContext:\n        privileged: true\n`;
}

function privilegedFindings(text: string) {
  return new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text).findings.filter((f) => f.ruleId === RULE);
}

/** The ignore-line edit for `offset`, from the analysis of `text` as the editor holds it. */
function ignoreLine(text: string, offset: number, ruleId = RULE) {
  return ignoreLineEdit(new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text), text, offset, ruleId);
}

function ignoreObject(text: string, which = 0): string {
  const finding = privilegedFindings(text)[which]!;
  const edits = ignoreObjectEdits(new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(text), finding.start, RULE);
  assert.ok(edits, 'no edits');
  return applyEdits(text, edits);
}

describe('ignoreLineEdit', () => {
  it('inserts the directive above the line, at its indentation', () => {
    const text = pod('\n  name: NAME');
    const finding = privilegedFindings(text)[0]!;
    const fixed = applyEdits(text, [ignoreLine(text, finding.start)]);
    assert.ok(fixed.includes('      image: example.com/c:1.0.0\n      securityContext:\n        # kube-aegis-disable-next-line privileged-container\n        privileged: true\n'));
    assert.deepEqual(privilegedFindings(fixed), []);
  });

  it('adds the rule to a directive already above the line', () => {
    const text = 'a:\n  # kube-aegis-disable-next-line other-rule  \n  b: 1\n';
    const edit = ignoreLine(text, text.indexOf('b: 1'));
    assert.equal(applyEdits(text, [edit]), 'a:\n  # kube-aegis-disable-next-line other-rule, privileged-container  \n  b: 1\n');
  });

  it('puts the directive above the key holding a folded script, never inside the script, and it covers the script', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: kube-apiserver',
      '  namespace: kube-system',
      'spec:',
      '  containers:',
      '    - name: kube-apiserver',
      '      image: registry.k8s.io/kube-apiserver:v1.31.0',
      '      command: [/bin/sh, -c]',
      '      args:',
      '        - >',
      '          exec kube-apiserver',
      '          --authorization-mode=AlwaysAllow',
      '          --etcd-servers=https://127.0.0.1:2379',
      '',
    ].join('\n');
    const id = 'apiserver-authorization-mode';
    const findings = () => new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(fixed).findings.filter((f) => f.ruleId === id);
    let fixed = text;
    const finding = findings()[0]!;
    assert.ok(text.slice(finding.start).startsWith('--authorization-mode'), 'the finding is inside the script');
    fixed = applyEdits(text, [ignoreLine(text, finding.start, id)]);
    assert.ok(fixed.includes(`      args:\n        # kube-aegis-disable-next-line ${id}\n        - >\n          exec kube-apiserver\n          --authorization-mode=AlwaysAllow\n`), fixed);
    assert.deepEqual(findings(), []);
  });

  it('puts the directive above the key of a literal block scalar value', () => {
    const text = 'data:\n  script: |\n    line one\n    line two\n';
    const edit = ignoreLine(text, text.indexOf('line two'));
    assert.equal(applyEdits(text, [edit]), `data:\n  # kube-aegis-disable-next-line ${RULE}\n  script: |\n    line one\n    line two\n`);
  });

  it('reads the analysis of an edited multi-document text, where its sections moved', () => {
    const analyzer = new Analyzer(ALL_RULES, DEFAULT_CONFIG);
    const second = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  script: |\n    line one\n    line two\n';
    const before = `${pod('\n  name: NAME')}---\n${second}`;
    analyzer.analyze(before);
    const text = before.replace('  name: p\n', '  name: p\n  labels: {app: p}\n');
    const edit = ignoreLineEdit(analyzer.analyze(text), text, text.indexOf('line two'), RULE);
    assert.equal(applyEdits(text, [edit]), text.replace('  script: |', `  # kube-aegis-disable-next-line ${RULE}\n  script: |`));
  });

  it('keeps CRLF line endings and handles the first line', () => {
    assert.deepEqual(ignoreLine('a: 1\r\nb: 2\r\n', 0), { start: 0, end: 0, text: '# kube-aegis-disable-next-line privileged-container\r\n' });
  });
});

describe('ignoreObjectEdits', () => {
  it('creates metadata.annotations', () => {
    const fixed = ignoreObject(pod('\n  name: NAME'));
    assert.ok(fixed.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    kube-aegis.io/ignore: privileged-container\nspec:\n'));
    assert.deepEqual(privilegedFindings(fixed), []);
  });

  it('appends to an existing ignore annotation', () => {
    const fixed = ignoreObject(pod('\n  name: NAME\n  annotations:\n    kube-aegis.io/ignore: run-as-non-root'));
    assert.ok(fixed.includes('    kube-aegis.io/ignore: "run-as-non-root,privileged-container"\n'));
    assert.deepEqual(privilegedFindings(fixed), []);
  });

  it('writes into flow-style metadata', () => {
    const fixed = ignoreObject(pod(' {name: NAME}'));
    assert.ok(fixed.includes('metadata: {name: p, annotations: {kube-aegis.io/ignore: privileged-container}}\n'), fixed);
    assert.deepEqual(privilegedFindings(fixed), []);
  });

  it('edits only the object of the finding in a multi-document file', () => {
    const text = `${pod('\n  name: NAME', 'first')}---\n${pod('\n  name: NAME', 'second')}`;
    const fixed = ignoreObject(text, 1);
    assert.equal(fixed.split('kube-aegis.io/ignore').length, 2);
    assert.ok(fixed.indexOf('kube-aegis.io/ignore') > fixed.indexOf('name: second'));
    assert.equal(privilegedFindings(fixed).length, 1);
  });
});
