import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, parseConfigText, type EngineConfig } from '../../server/src/engine/index.js';
import { splitSections } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const PRIVILEGED_POD = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: c
      image: busybox:1.36
      securityContext:
        privileged: true
`;

const only = (id: string): EngineConfig => mergeConfig(DEFAULT_CONFIG, { profile: 'baseline', rules: { [id]: 'error' } });
const analyze = (text: string, config: EngineConfig = only('privileged-container')) => new Analyzer(ALL_RULES, config).analyze(text);
const ids = (text: string, config?: EngineConfig) => analyze(text, config).findings.map((f) => f.ruleId);

describe('sections', () => {
  it('splits at --- lines and keeps a leading comment with the first document', () => {
    const text = '# head\n---\na: 1\n--- # two\nb: 2\n---\n';
    assert.deepEqual(splitSections(text).map((s) => [s.start, s.text]), [
      [0, '# head\n---\na: 1\n'],
      [16, '--- # two\nb: 2\n'],
      [31, '---\n'],
    ]);
  });
  it('does not split at --- inside a line or a longer dash run', () => {
    assert.equal(splitSections('a: "---"\nb: |\n  x\n----\n').length, 1);
  });
});

describe('analysis', () => {
  it('reports a syntax error once and still checks the other documents', () => {
    const text = `${PRIVILEGED_POD('a')}---\nkind: [\n  broken: {\n---\n${PRIVILEGED_POD('b')}`;
    const findings = analyze(text).findings;
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['privileged-container', 'privileged-container', 'yaml-syntax']);
    const syntax = findings.find((f) => f.ruleId === 'yaml-syntax')!;
    assert.ok(syntax.start > text.indexOf('kind: ['), 'the error points into the broken document');
  });

  it('reports an unclosed quote where it opens, not where the text ends', () => {
    const text = "apiVersion: v1\nkind: Pod\n# it's a pod\nmetadata:\n  name: it's\n  labels: {a: 'x''y'}\n  annotations: {note: 'open}\nspec: {}\n";
    const syntax = analyze(text).findings.filter((f) => f.ruleId === 'yaml-syntax');
    assert.equal(syntax.length, 1);
    assert.equal(text.slice(syntax[0]!.start, syntax[0]!.end), "'open}");
    assert.match(syntax[0]!.message, /^Missing closing single quote/);
  });

  it('starts every message with a capital unless it starts with a field as written', () => {
    const messages = analyze(PRIVILEGED_POD('a')).findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.startsWith('Container "c"')), messages.join('\n'));
    assert.ok(messages.every((m) => !/^[a-z]+ /.test(m)), messages.join('\n'));
  });

  it('gives file offsets for findings of later documents', () => {
    const text = `${PRIVILEGED_POD('a')}---\n${PRIVILEGED_POD('b')}`;
    const [, second] = analyze(text).findings;
    assert.equal(text.slice(second!.start, second!.end), 'true');
    assert.ok(second!.start > text.indexOf('name: b'));
    assert.equal(text.slice(second!.fixes[0]!.edits[0]!.start, second!.fixes[0]!.edits[0]!.end), 'true');
  });

  it('checks the items of a kind: List', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n${PRIVILEGED_POD('a').replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion').trimEnd()}\n`;
    assert.deepEqual(ids(text), ['privileged-container']);
  });

  it('is silent on YAML that is not a Kubernetes object', () => {
    const compose = 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    network_mode: host\n';
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: apt-get install -y x\n';
    const values = 'image:\n  repository: nginx\n  tag: latest\nsecurityContext:\n  privileged: true\n';
    for (const text of [compose, workflow, values]) assert.deepEqual(ids(text, DEFAULT_CONFIG), []);
  });

  it('turns Helm templates into one notice instead of false alarms', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n{{- range .Values.c }}\n    - name: {{ .name }}\n{{- end }}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .x }}\n';
    const findings = analyze(text, DEFAULT_CONFIG).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['helm-template']);
    assert.equal(findings[0]!.severity, 'info');
  });

  it('re-parses only the sections whose text changed', () => {
    const analyzer = new Analyzer(ALL_RULES, only('privileged-container'));
    const text = `${PRIVILEGED_POD('a')}---\n${PRIVILEGED_POD('b')}---\n${PRIVILEGED_POD('c')}`;
    assert.equal(analyzer.analyze(text).reparsed, 3);
    const edited = text.replace('name: b', 'name: bb');
    const result = analyzer.analyze(edited);
    assert.equal(result.reparsed, 1);
    assert.equal(result.findings.length, 3);
    assert.equal(edited.slice(result.findings[2]!.start, result.findings[2]!.end), 'true');
  });

  it('skips documents over the size limit with one notice', () => {
    const config = mergeConfig(only('privileged-container'), { maxDocumentSize: 1000 });
    const big = `${PRIVILEGED_POD('a')}  labels:\n${'    k: v\n'.repeat(200)}`;
    const findings = analyze(`${big}---\n${PRIVILEGED_POD('b')}`, config).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['document-skipped', 'privileged-container']);
  });
});

describe('suppression', () => {
  it('honours disable-next-line, file-wide disable and the ignore annotation', () => {
    const nextLine = PRIVILEGED_POD('a').replace('        privileged: true', '        # kube-aegis-disable-next-line privileged-container\n        privileged: true');
    assert.deepEqual(ids(nextLine), []);
    const otherRule = nextLine.replace('line privileged-container', 'line host-port');
    assert.deepEqual(ids(otherRule), ['privileged-container']);
    assert.deepEqual(ids(`# kube-aegis-disable privileged-container\n${PRIVILEGED_POD('a')}---\n${PRIVILEGED_POD('b')}`), []);
    const annotated = PRIVILEGED_POD('a').replace('  name: a\n', '  name: a\n  annotations:\n    kube-aegis.io/ignore: "host-port, privileged-container"\n');
    assert.deepEqual(ids(annotated), []);
  });
  it('reads the annotation on a pod template', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata:
      labels: {app: d}
      annotations: {kube-aegis.io/ignore: privileged-container}
    spec:
      containers:
        - {name: c, image: "busybox:1.36", securityContext: {privileged: true}}
`;
    assert.deepEqual(ids(deployment), []);
    assert.deepEqual(ids(deployment.replace('kube-aegis.io/ignore', 'other')), ['privileged-container']);
  });
});

describe('configuration', () => {
  it('accepts a valid file', () => {
    const { input, problems } = parseConfigText('profile: baseline\nrules:\n  privileged-container: warning\n  run-as-non-root: {severity: off}\ntrustedRegistries: [ghcr.io/acme]\n');
    assert.deepEqual(problems, []);
    assert.equal(input.profile, 'baseline');
  });
  it('reports problems at their position', () => {
    const text = 'profile: strict\nrules:\n  privileged-containr: off\nextra: 1\n';
    const { problems } = parseConfigText(text);
    const at = (p: { start: number; end: number }) => text.slice(p.start, p.end);
    assert.ok(problems.some((p) => p.message.includes('profile') && at(p) === 'strict'), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.message.includes('privileged-containr') && at(p) === 'privileged-containr'));
    assert.ok(problems.some((p) => p.message.includes('extra') && at(p) === 'extra'));
  });
  it('keeps the valid part of a file with mistakes, and names the key a misspelt one likely meant', () => {
    const text = 'profile: baseline\nrules:\n  privileged-containers: off\n  image-tag: off\nexclude: [charts/**]\ntrustedRegistries: [ghcr.io/acme]\n';
    const { input, problems, usable } = parseConfigText(text);
    assert.equal(usable, true);
    assert.deepEqual(input, { profile: 'baseline', rules: { 'image-tag': 'off' }, trustedRegistries: ['ghcr.io/acme'] });
    assert.deepEqual(
      [...problems].sort((a, b) => a.start - b.start).map((p) => [p.message, text.slice(p.start, p.end), p.suggestion]),
      [
        ['rules: unknown rule "privileged-containers"; did you mean "privileged-container"?', 'privileged-containers', 'privileged-container'],
        ['configuration: unknown key "exclude"; did you mean "ignore"?', 'exclude', 'ignore'],
      ],
    );
    // Nothing to keep from a file that is not a mapping.
    assert.deepEqual(parseConfigText('- profile\n'), { input: {}, problems: parseConfigText('- profile\n').problems, usable: false });
  });

  it('selects rules by profile and honours per-rule severity', () => {
    const pod = PRIVILEGED_POD('a');
    const baseline = ids(pod, mergeConfig(DEFAULT_CONFIG, { profile: 'baseline' }));
    assert.ok(baseline.includes('privileged-container'));
    assert.ok(!baseline.includes('run-as-non-root'), 'run-as-non-root is a restricted control');
    assert.ok(ids(pod, mergeConfig(DEFAULT_CONFIG, { profile: 'restricted' })).includes('run-as-non-root'));
    const downgraded = analyze(pod, mergeConfig(DEFAULT_CONFIG, { rules: { 'privileged-container': 'info' } })).findings;
    assert.equal(downgraded.find((f) => f.ruleId === 'privileged-container')!.severity, 'info');
    assert.ok(!ids(pod, mergeConfig(DEFAULT_CONFIG, { rules: { 'privileged-container': 'off' } })).includes('privileged-container'));
  });
});
