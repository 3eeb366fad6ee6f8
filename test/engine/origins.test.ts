/** engine/origins.ts on texts alone: where a rendered finding lands, and how its fix moves. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, applyEdits, DEFAULT_CONFIG, mergeConfig } from '../../server/src/engine/index.js';
import { toPlain, type YMap, type YNode } from '../../server/src/engine/model.js';
import { locateOrigin, ParsedTexts, type RenderOrigin } from '../../server/src/engine/origins.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const rendered = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: web
spec:
  containers:
    - name: web
      image: example.com/web:1.0.0
      securityContext:
        privileged: true
        runAsNonRoot: true
`;

const values = `# hardening of the web container
securityContext:
  privileged: true   # needed for the demo
  runAsNonRoot: true
other: 1
`;

const template = `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: web
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
`;

const helm: RenderOrigin = {
  engine: 'helm',
  template: { file: 'templates/pod.yaml', text: template },
  values: [{ source: { file: 'values.yaml', text: values }, prefix: [] }],
  fallback: { file: 'Chart.yaml', text: 'name: web\n' },
};

function findingOf(ruleId: string, text = rendered) {
  const config = mergeConfig(DEFAULT_CONFIG, { rules: { [ruleId]: 'error' } });
  const finding = analyzeText(text, ALL_RULES, config).findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} is reported on the rendered pod`);
  return { text, start: finding.start, end: finding.end, fixes: finding.fixes };
}

describe('origins: helm', () => {
  it('puts a value rendered from values on its values key', () => {
    const location = locateOrigin(findingOf('privileged-container'), helm);
    assert.equal(location.file, 'values.yaml');
    assert.equal(values.slice(location.start, location.end).split(':')[0], 'privileged');
    assert.equal(location.via, 'values');
  });

  it('moves the fix of a field missing from a values block into that block, comments kept', () => {
    const unprivileged = values.replace('  privileged: true   # needed for the demo\n', '  privileged: false  # not needed any more\n');
    const origin: RenderOrigin = { ...helm, values: [{ source: { file: 'values.yaml', text: unprivileged }, prefix: [] }] };
    const location = locateOrigin(findingOf('privilege-escalation', rendered.replace('privileged: true', 'privileged: false')), origin);
    assert.equal(location.file, 'values.yaml');
    const safe = location.fixes.find((f) => f.safe);
    assert.ok(safe, 'a safe fix moved to values.yaml');
    assert.equal(applyEdits(unprivileged, safe.edits), unprivileged.replace('  runAsNonRoot: true\n', '  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n'));
  });

  it('falls back to the top of the template with the rendered path when nothing matches', () => {
    const bare: RenderOrigin = { ...helm, values: [], template: { file: 'templates/pod.yaml', text: '{{ include "pod" . }}\n' } };
    const location = locateOrigin(findingOf('privileged-container'), bare);
    assert.deepEqual([location.file, location.start, location.via], ['templates/pod.yaml', 0, 'file']);
    assert.equal(location.renderedPath, 'spec.containers[0].securityContext.privileged');
    assert.deepEqual(location.fixes, []);
  });

  it('offers no fix inside template text', () => {
    const literal: RenderOrigin = { ...helm, values: [], template: { file: 't.yaml', text: 'spec:\n  containers:\n    - name: web\n      securityContext:\n        privileged: true\n' } };
    const location = locateOrigin(findingOf('privileged-container'), literal);
    assert.equal(location.via, 'template');
    assert.deepEqual(location.fixes, []);
  });
});

describe('origins: kustomize', () => {
  const base = rendered.replace('        privileged: true\n', '');
  const patch = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      securityContext:
        privileged: true
`;
  const kustomize: RenderOrigin = {
    engine: 'kustomize',
    resource: { file: 'base/pod.yaml', text: base },
    patches: [{ file: 'overlay/patch.yaml', text: patch }],
    kustomizations: [{ file: 'overlay/kustomization.yaml', text: 'namespace: web\nresources: [../base]\npatches:\n  - path: patch.yaml\n' }],
    fallback: { file: 'overlay/kustomization.yaml', text: '' },
  };

  it('puts a value a strategic-merge patch sets on the patch line, and its fix there', () => {
    const location = locateOrigin(findingOf('privileged-container'), kustomize);
    assert.equal(location.file, 'overlay/patch.yaml');
    assert.equal(location.via, 'patch');
    assert.equal(patch.slice(location.start, location.end), 'privileged: true');
  });

  it('puts the rest on the base resource', () => {
    const location = locateOrigin(findingOf('read-only-root-filesystem'), kustomize);
    assert.equal(location.file, 'base/pod.yaml');
    assert.equal(location.via, 'resource');
  });

  it('finds the operation of a JSON 6902 patch', () => {
    const ops = '- op: add\n  path: /spec/containers/0/securityContext/privileged\n  value: true\n';
    const location = locateOrigin(findingOf('privileged-container'), { ...kustomize, patches: [{ file: 'ops.yaml', text: ops }] });
    assert.equal(location.file, 'ops.yaml');
    assert.equal(ops.slice(location.start, location.end), 'value: true');
  });
});

describe('origins: parsed source texts', () => {
  const plainPairs = (text: string, parse: (text: string) => readonly YNode[]) => {
    const root = parse(text)[0];
    // Positions of every key and scalar, and the plain value: what origins read of a source.
    const out: string[] = [];
    const visit = (node: YNode, path: string) => {
      if (node.kind === 'map') for (const pair of node.pairs) {
        out.push(`${path}.${String(pair.key.value)}@${pair.key.start}-${pair.key.end}${pair.merged ? ' merged' : ''}`);
        visit(pair.value, `${path}.${String(pair.key.value)}`);
      }
      else if (node.kind === 'seq') node.items.forEach((item, i) => visit(item, `${path}[${i}]`));
      else out.push(`${path}=${JSON.stringify(node.value)}@${node.start}-${node.end}`);
    };
    if (root) visit(root, '');
    return { out, plain: root ? toPlain(root) : undefined };
  };
  const byBlocks = (text: string) => new ParsedTexts().sections(text).flatMap((s) => s.roots);
  const whole = (text: string) => parseSection(text).roots;

  it('parses a values file one top-level key at a time, as the whole file parses', () => {
    const texts = [
      `# comment first\nreplicaCount: 1\n\n# the image\nimage:\n  repository: nginx\n  tag: ""\nscript: |\n  echo a\n\n  echo b\nlist:\n- a\n- b: c\nempty:\nflow: {a: 1, b: [x, y]}\n`,
      // Anchors and aliases across entries: parsed whole.
      `base: &base\n  a: 1\nderived:\n  <<: *base\n  b: 2\n`,
      // A value continued at the margin: parsed whole.
      `key: "a\nb: c"\nother: 1\n`,
      `- a\n- b\n`,
      `a: 1\n---\nb: 2\nc: 3\n`,
    ];
    for (const text of texts) assert.deepEqual(plainPairs(text, byBlocks), plainPairs(text, whole), text);
  });

  it('re-parses only the top-level entry an edit touched, and finds values keys in every entry', () => {
    const parsed = new ParsedTexts();
    const text = `first:\n  securityContext:\n    privileged: true\nsecond:\n  replicas: 1\nthird:\n  securityContext:\n    runAsUser: 0\n`;
    const before = parsed.sections(text)[0]!.roots[0] as YMap;
    const edited = text.replace('replicas: 1', 'replicas: 10');
    const after = parsed.sections(edited)[0]!.roots[0] as YMap;
    assert.equal(after.pairs[0], before.pairs[0], 'the entry before the edit is reused as is');
    assert.notEqual(after.pairs[2], before.pairs[2], 'the entry after it moved by one character');
    assert.equal(after.pairs[2]!.key.start, before.pairs[2]!.key.start + 1);
    assert.deepEqual(parsed.pairs(edited, 'securityContext').map((p) => p.keys.join('.')), ['first.securityContext', 'third.securityContext']);
    assert.deepEqual(parsed.pairs(edited, 'replicas').map((p) => edited.slice(p.pair.value.start, p.pair.value.end)), ['10']);
  });
});
