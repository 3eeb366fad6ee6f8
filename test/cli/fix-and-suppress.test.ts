/** `--fix` rewriting files, and suppressions written in the manifests. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingKeys, lineOf, PRIVILEGED_POD, QUIET_POD, readText, runCli, tempProject, UNTAGGED_POD } from '../support/cli.js';

const COMMENTED = `# Team web: keep this header
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:   # the pod
      containers:
        - name: web      # main container
          image: example.com/web:2.1.0
          securityContext:
            privileged: true   # needed once, not any more
`;

describe('kube-aegis --fix', () => {
  it('applies only safe fixes: a privileged container stays as it is, reported as not fixable by --fix', () => {
    const dir = tempProject({ 'web.yaml': COMMENTED });
    const run = runCli(['scan', '.', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(readText(dir, 'web.yaml'), COMMENTED);
    assert.equal(run.stderr, '');
    const privileged = JSON.parse(run.stdout).files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'privileged-container');
    assert.deepEqual([privileged.fixable, privileged.suggestedFix], [false, true]);
  });

  it('takes --unsafe-fixes only with --fix', () => {
    const run = runCli(['scan', '.', '--unsafe-fixes'], { cwd: tempProject({ 'pod.yaml': PRIVILEGED_POD }) });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--unsafe-fixes needs --fix/);
  });

  it('rewrites files with unsafe fixes too under --unsafe-fixes, keeps comments, and says what changed', () => {
    const dir = tempProject({ 'web.yaml': COMMENTED, 'quiet.yaml': QUIET_POD });
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes', '--format', 'json'], { cwd: dir });
    const fixed = readText(dir, 'web.yaml');
    assert.match(run.stderr, /^fixed web\.yaml: .*privileged-container x1/m);
    assert.match(run.stderr, /resource-limits x1/);
    assert.doesNotMatch(run.stderr, /quiet\.yaml/, 'a file without fixes is not mentioned');
    assert.equal(readText(dir, 'quiet.yaml'), QUIET_POD, 'a file without fixes is not rewritten');
    assert.match(fixed, /            privileged: false   # needed once, not any more\n/);
    for (const comment of ['# Team web: keep this header\n', '    spec:   # the pod\n', '        - name: web      # main container\n']) assert.ok(fixed.includes(comment), comment);
    assert.match(fixed, /automountServiceAccountToken: false/);
    assert.match(fixed, /resources:\n\s+limits:/);
    // The report is of the fixed text: what remains has no fix --fix would apply.
    assert.deepEqual(JSON.parse(run.stdout).files.flatMap((f: { findings: { fixable: boolean; ruleId: string }[] }) => f.findings.filter((x) => x.fixable).map((x) => x.ruleId)), []);
    assert.equal(run.status, 0);
  });

  it('changes nothing the second time', () => {
    const dir = tempProject({ 'web.yaml': COMMENTED });
    runCli(['scan', 'web.yaml', '--fix', '--unsafe-fixes'], { cwd: dir });
    const once = readText(dir, 'web.yaml');
    const again = runCli(['scan', 'web.yaml', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.equal(readText(dir, 'web.yaml'), once);
    assert.equal(again.stderr, '');
  });

  it('keeps a byte-order mark and leaves standard input alone, saying so', () => {
    const dir = tempProject({ 'bom.yaml': `\uFEFF${PRIVILEGED_POD}` });
    runCli(['scan', 'bom.yaml', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.equal(readText(dir, 'bom.yaml'), `\uFEFF${QUIET_POD}`);
    const stdin = runCli(['scan', '-', '--fix'], { cwd: dir, input: PRIVILEGED_POD });
    assert.equal(stdin.status, 1);
    assert.match(stdin.stderr, /standard input is not rewritten/);
  });
});

describe('kube-aegis suppressions', () => {
  const privilegedLine = lineOf(PRIVILEGED_POD, 'privileged: true');

  it('# kube-aegis-disable-next-line <id> silences that rule on the next line only', () => {
    const text = PRIVILEGED_POD.replace('        privileged: true', '        # kube-aegis-disable-next-line privileged-container\n        privileged: true');
    const other = UNTAGGED_POD.replace('      image:', '      # kube-aegis-disable-next-line privileged-container\n      image:');
    const dir = tempProject({ 'pod.yaml': text, 'other.yaml': other });
    const run = runCli(['scan', 'pod.yaml', 'other.yaml', '--format', 'json'], { cwd: dir });
    assert.deepEqual(findingKeys(run.stdout), [`other.yaml:${lineOf(other, 'image:')} image-tag`]);
  });

  it('# kube-aegis-disable <id> silences that rule in the whole file', () => {
    const text = `# kube-aegis-disable image-tag\n${UNTAGGED_POD}---\n${UNTAGGED_POD.replace('name: app\n  namespace', 'name: b\n  namespace')}---\n${PRIVILEGED_POD}`;
    const dir = tempProject({ 'pods.yaml': text });
    const run = runCli(['scan', 'pods.yaml', '--format', 'json'], { cwd: dir });
    assert.deepEqual(findingKeys(run.stdout), [`pods.yaml:${text.split('\n').length - PRIVILEGED_POD.split('\n').length + privilegedLine} privileged-container`]);
  });

  it('the kube-aegis.io/ignore annotation silences the listed rules on its object', () => {
    const annotated = PRIVILEGED_POD.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    kube-aegis.io/ignore: "privileged-container, image-tag"\n');
    const dir = tempProject({ 'annotated.yaml': annotated.replace('example.com/app:1.0.0', 'example.com/app'), 'plain.yaml': PRIVILEGED_POD });
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual(findingKeys(run.stdout), [`plain.yaml:${privilegedLine} privileged-container`]);
  });

  it('the annotation on a pod template counts too', () => {
    const deployment = COMMENTED.replace('      labels: {app: web}\n', '      labels: {app: web}\n      annotations: {kube-aegis.io/ignore: privileged-container}\n');
    const dir = tempProject({ 'web.yaml': deployment });
    const keys = findingKeys(runCli(['scan', 'web.yaml', '--format', 'json'], { cwd: dir }).stdout);
    assert.ok(keys.length > 0);
    assert.deepEqual(keys.filter((k) => k.endsWith('privileged-container')), []);
  });
});
