/**
 * The CLI fails closed: configuration comes from within the scanned tree and is named, a scan
 * that checks nothing is an error, standard input is read once and must hold something, and
 * whatever was not checked in full fails `--fail-on warning`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findingKeys, jsonFindings, lineOf, PRIVILEGED_POD, QUIET_POD, runCli, tempProject } from '../support/cli.js';

const PRIVILEGED_LINE = lineOf(PRIVILEGED_POD, 'privileged: true');
const IGNORE_ALL = 'ignore: ["**"]\nrules:\n  privileged-container: off\n';

describe('kube-aegis configuration lookup is bounded and visible', () => {
  it('does not use a .kube-aegis.yaml above the repository root', () => {
    const dir = tempProject({ '.kube-aegis.yaml': IGNORE_ALL, 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/k8s/pod.yaml': PRIVILEGED_POD });
    const run = runCli(['scan', 'k8s', '--format', 'json'], { cwd: join(dir, 'repo') });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingKeys(run.stdout), [`k8s/pod.yaml:${PRIVILEGED_LINE} privileged-container`]);
    assert.doesNotMatch(run.stderr, /configuration used/);
  });

  it('uses the one at the repository root from a subfolder, and names it', () => {
    const dir = tempProject({ 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/.kube-aegis.yaml': 'rules:\n  privileged-container: warning\n', 'repo/k8s/pod.yaml': PRIVILEGED_POD });
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: join(dir, 'repo', 'k8s') });
    assert.deepEqual(jsonFindings(run.stdout).map(({ finding }) => `${finding.ruleId} ${finding.severity}`), ['privileged-container warning']);
    assert.match(run.stderr, /^kube-aegis: configuration used: \.\.[\\/]\.kube-aegis\.yaml$/m);
  });

  it('outside a repository, looks no higher than the current folder, or than the folder named', () => {
    const dir = tempProject({ '.kube-aegis.yaml': IGNORE_ALL, 'work/pod.yaml': PRIVILEGED_POD, 'elsewhere/x': '' });
    for (const [cwd, path] of [[join(dir, 'work'), 'pod.yaml'], [join(dir, 'elsewhere'), join(dir, 'work')]] as const) {
      const run = runCli(['scan', path, '--format', 'json'], { cwd });
      assert.equal(run.status, 1, `${cwd} ${path}: ${run.stderr}`);
      assert.ok(findingKeys(run.stdout).some((k) => k.endsWith('privileged-container')), run.stdout);
    }
  });

  it('a scan of named paths that checks no file exits 2 and says why', () => {
    const dir = tempProject({ '.kube-aegis.yaml': 'ignore: ["**"]\n', 'k8s/pod.yaml': PRIVILEGED_POD, 'docs/readme.txt': 'x' });
    const ignored = runCli(['scan', 'k8s'], { cwd: dir });
    assert.equal(ignored.status, 2);
    assert.equal(ignored.stdout, '');
    assert.match(ignored.stderr, /no files checked: k8s held no manifests .* \(configuration: \.kube-aegis\.yaml\)/);
    const empty = runCli(['scan', 'docs'], { cwd: dir });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no files checked: docs/);
  });

  it('--config naming a directory is a clear error', () => {
    const dir = tempProject({ 'conf/.kube-aegis.yaml': 'profile: baseline\n', 'pod.yaml': QUIET_POD });
    const run = runCli(['scan', 'pod.yaml', '--config', 'conf'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'kube-aegis: --config names a directory, not a configuration file: conf\n');
  });

  it('a second YAML document or a duplicate key in the configuration is an error', () => {
    for (const [config, message] of [
      ['profile: baseline\n---\nignore: ["**"]\n', /\.kube-aegis\.yaml:3:1: a configuration file holds one YAML document/],
      ['rules:\n  privileged-container: error\n  privileged-container: off\n', /\.kube-aegis\.yaml:3:3: duplicate key "privileged-container"/],
      ['ignore: []\nignore: ["**"]\n', /\.kube-aegis\.yaml:2:1: duplicate key "ignore"/],
    ] as const) {
      const dir = tempProject({ '.kube-aegis.yaml': config, 'pod.yaml': PRIVILEGED_POD });
      const run = runCli(['scan', 'pod.yaml'], { cwd: dir });
      assert.equal(run.status, 2, config);
      assert.match(run.stderr, message);
    }
  });

  it('settings of the notice rules apply: off drops them, a severity replaces theirs', () => {
    const dir = tempProject({ 'big.yaml': `${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: app', `name: app\n  labels: {x: "${'y'.repeat(2000)}"}`)}`, 'chart.yaml': '{{- if .Values.on }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n' });
    writeFileSync(join(dir, 'off.yaml'), 'maxDocumentSize: 1500\nrules:\n  document-skipped: off\n  helm-template: error\n');
    writeFileSync(join(dir, 'on.yaml'), 'maxDocumentSize: 1500\n');
    const on = jsonFindings(runCli(['scan', '.', '--config', 'on.yaml', '--format', 'json'], { cwd: dir }).stdout).map(({ path, finding }) => `${path} ${finding.ruleId} ${finding.severity}`);
    assert.ok(on.includes('big.yaml document-skipped warning'), on.join('\n'));
    assert.ok(on.includes('chart.yaml helm-template info'), on.join('\n'));
    const off = jsonFindings(runCli(['scan', '.', '--config', 'off.yaml', '--format', 'json'], { cwd: dir }).stdout).map(({ path, finding }) => `${path} ${finding.ruleId} ${finding.severity}`);
    assert.ok(!off.some((f) => f.includes('document-skipped')), off.join('\n'));
    assert.ok(off.includes('chart.yaml helm-template error'), off.join('\n'));
  });
});

describe('kube-aegis: what is not checked in full fails --fail-on warning', () => {
  it('a binary file, and a document over the size limit, are warnings', () => {
    const dir = tempProject({ 'binary.yaml': `${PRIVILEGED_POD}\u0000`, '.kube-aegis.yaml': 'maxDocumentSize: 1000\n', 'big.yaml': QUIET_POD.replace('name: app', `name: app\n  labels: {x: "${'y'.repeat(1200)}"}`) });
    for (const file of ['binary.yaml', 'big.yaml']) {
      const run = runCli(['scan', file, '--format', 'json', '--fail-on', 'warning'], { cwd: dir });
      assert.equal(run.status, 1, `${file}: ${run.stdout}`);
      const findings = jsonFindings(run.stdout).map(({ finding }) => `${finding.ruleId} ${finding.severity}`);
      assert.ok(findings.includes('document-skipped warning'), findings.join());
    }
  });

  it('a replacement character or a Latin-1 byte does not make a file unchecked', () => {
    const dir = tempProject({});
    writeFileSync(join(dir, 'fffd.yaml'), `# caf\uFFFD\n${PRIVILEGED_POD}`);
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${PRIVILEGED_POD}`)]));
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.equal(run.status, 1);
    assert.deepEqual(findingKeys(run.stdout), [`fffd.yaml:${PRIVILEGED_LINE + 1} privileged-container`, `latin1.yaml:${PRIVILEGED_LINE + 1} privileged-container`]);
  });
});

describe('kube-aegis corners', () => {
  it('reads standard input once: "-" named twice is an error', () => {
    const run = runCli(['scan', '-', '-'], { cwd: tempProject({}), input: PRIVILEGED_POD });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /standard input \("-"\) is named more than once/);
  });

  it('an empty or closed standard input is an error, not a clean scan of one file', () => {
    const run = runCli(['scan', '-'], { cwd: tempProject({}), input: '' });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /standard input is closed or empty/);
  });

  it('counts .YAML and .Yml files as manifests', () => {
    const dir = tempProject({ 'a.YAML': PRIVILEGED_POD, 'b.Yml': PRIVILEGED_POD, 'c.JSON': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'app', image: 'example.com/app:1.0.0', securityContext: { privileged: true } }] } }) });
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path), ['a.YAML', 'b.Yml', 'c.JSON']);
  });

  it('follows no symbolic link out of the scanned tree', () => {
    const outside = tempProject({ 'secret.yaml': PRIVILEGED_POD });
    const dir = tempProject({ 'in/pod.yaml': QUIET_POD });
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'in', 'outside.yaml'));
    symlinkSync(join(dir, 'in', 'pod.yaml'), join(dir, 'in', 'inside.yaml'));
    const run = runCli(['scan', 'in', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path), ['in/inside.yaml', 'in/pod.yaml']);
  });

  it('keeps a file name with a backslash one name in SARIF', () => {
    const dir = tempProject({});
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'a\\b.yaml'), PRIVILEGED_POD);
    const run = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(run.stdout) as { runs: { artifacts: { location: { uri: string } }[] }[] };
    assert.deepEqual(sarif.runs[0]!.artifacts.map((a) => a.location.uri), ['k8s/a%5Cb.yaml']);
  });
});
