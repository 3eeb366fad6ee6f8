/** Which files are scanned, and which configuration applies to each. */
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { findingKeys, jsonFindings, lineOf, PRIVILEGED_POD, QUIET_POD, runCli, tempProject, UNTAGGED_POD } from '../support/cli.js';

const PRIVILEGED_LINE = lineOf(PRIVILEGED_POD, 'privileged: true');
const IMAGE_LINE = lineOf(UNTAGGED_POD, 'image:');

describe('kube-aegis directory walking', () => {
  const dir = tempProject({
    'manifests/a.yaml': PRIVILEGED_POD,
    'manifests/b.yml': PRIVILEGED_POD,
    'manifests/nested/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'app', image: 'example.com/app:1.0.0', securityContext: { privileged: true } }] } }),
    // JSON Lines files are ABAC policy files.
    'manifests/nested/d.jsonl': `${JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: 'system:anonymous', namespace: 'shop', resource: 'pods', readonly: true } })}\n`,
    'manifests/notes.txt': PRIVILEGED_POD,
    'manifests/node_modules/pkg/pod.yaml': PRIVILEGED_POD,
    'manifests/.git/pod.yaml': PRIVILEGED_POD,
  });

  it('scans *.yaml, *.yml, *.json and *.jsonl below a directory, skipping node_modules', () => {
    const run = runCli(['scan', 'manifests', '--format', 'json'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    const files = (JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path);
    assert.deepEqual(files, ['manifests/a.yaml', 'manifests/b.yml', 'manifests/nested/c.json', 'manifests/nested/d.jsonl']);
    const privileged = jsonFindings(run.stdout).filter(({ finding }) => finding.ruleId === 'privileged-container');
    assert.deepEqual(privileged.map(({ path }) => path), files.slice(0, 3));
    const anonymous = jsonFindings(run.stdout).filter(({ finding }) => finding.ruleId === 'abac-anonymous-subject');
    assert.deepEqual(anonymous.map(({ path }) => path), ['manifests/nested/d.jsonl']);
  });

  it('follows symbolic links to files, not to directories', () => {
    const linked = tempProject({ 'real/pod.yaml': PRIVILEGED_POD });
    symlinkSync(join(linked, 'real', 'pod.yaml'), join(linked, 'link.yaml'));
    symlinkSync(join(linked, 'real'), join(linked, 'loop'));
    symlinkSync(join(linked, 'missing.yaml'), join(linked, 'dangling.yaml'));
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: linked });
    assert.deepEqual((JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path), ['link.yaml', 'real/pod.yaml']);
  });

  it('scans the current directory when given no path', () => {
    const run = runCli(['scan', '--format', 'json'], { cwd: `${dir}/manifests/nested` });
    assert.deepEqual((JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path), ['c.json', 'd.jsonl']);
  });

  it('scans a file named explicitly whatever its extension', () => {
    const run = runCli(['scan', 'manifests/notes.txt', '--format', 'json'], { cwd: dir });
    assert.deepEqual(findingKeys(run.stdout).filter((k) => k.endsWith('privileged-container')), [`manifests/notes.txt:${PRIVILEGED_LINE} privileged-container`]);
  });
});

describe('kube-aegis configuration files', () => {
  it('uses the nearest .kube-aegis.yaml upward from each scanned file', () => {
    const dir = tempProject({
      '.kube-aegis.yaml': 'rules:\n  image-tag: error\n',
      'team/.kube-aegis.yml': 'rules:\n  image-tag: off\n',
      'team/deep/pod.yaml': UNTAGGED_POD,
      'other/pod.yaml': UNTAGGED_POD,
    });
    const run = runCli(['scan', 'team/deep/pod.yaml', 'other/pod.yaml', '--format', 'json'], { cwd: dir });
    assert.deepEqual(jsonFindings(run.stdout).map(({ path, finding }) => `${path} ${finding.ruleId} ${finding.severity}`), ['other/pod.yaml image-tag error']);
    assert.equal(run.status, 1);
  });

  it('uses the configuration of the current directory for standard input', () => {
    const dir = tempProject({ '.kube-aegis.yaml': 'rules:\n  image-tag: error\n' });
    const run = runCli(['scan', '-', '--format', 'json'], { cwd: dir, input: UNTAGGED_POD });
    assert.deepEqual(jsonFindings(run.stdout).map(({ finding }) => `${finding.ruleId} ${finding.severity}`), ['image-tag error']);
  });

  it('--config replaces the files found upward', () => {
    const dir = tempProject({
      '.kube-aegis.yaml': 'rules:\n  image-tag: error\n',
      'pod.yaml': UNTAGGED_POD,
      'ci/strict.yaml': 'rules:\n  image-tag: info\n',
    });
    const run = runCli(['scan', 'pod.yaml', '--config', 'ci/strict.yaml', '--format', 'json'], { cwd: dir });
    assert.deepEqual(jsonFindings(run.stdout).map(({ finding }) => `${finding.ruleId} ${finding.severity}`), ['image-tag info']);
    assert.equal(run.status, 0);
  });

  it('applies trustedRegistries and ignore patterns from the configuration', () => {
    const dir = tempProject({
      '.kube-aegis.yaml': 'trustedRegistries: [registry.example.com]\nignore: ["generated/**"]\n',
      'pod.yaml': QUIET_POD,
      'generated/pod.yaml': PRIVILEGED_POD,
    });
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual(findingKeys(run.stdout), [`pod.yaml:${IMAGE_LINE} trusted-registry`]);
    assert.deepEqual((JSON.parse(run.stdout).files as { path: string }[]).map((f) => f.path), ['pod.yaml'], 'neither ignored files nor .kube-aegis.yaml are scanned');
  });

  it('reports an invalid configuration with its file, line and column, and exits 2', () => {
    const dir = tempProject({
      '.kube-aegis.yaml': '# team settings\nprofile: strict\nrules:\n  privileged-containers: error\n',
      'pod.yaml': PRIVILEGED_POD,
    });
    const run = runCli(['scan', 'pod.yaml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^kube-aegis: invalid configuration:\n/);
    assert.match(run.stderr, /\.kube-aegis\.yaml:2:10: profile: .*baseline, restricted, default\n/);
    assert.match(run.stderr, /\.kube-aegis\.yaml:4:3: rules: unknown rule "privileged-containers"; did you mean "privileged-container"\?\n/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('reports a configuration that is not YAML, and one given with --config', () => {
    const dir = tempProject({ 'broken.yaml': 'rules: [unclosed\n', 'pod.yaml': QUIET_POD });
    const run = runCli(['scan', 'pod.yaml', '--config', 'broken.yaml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /broken\.yaml:\d+:\d+: invalid YAML/);
  });
});

describe('kube-aegis --profile', () => {
  const baselineIds = new Set(ALL_RULES.filter((r) => r.meta.pss?.level === 'baseline').map((r) => r.meta.id));
  const restrictedIds = new Set(ALL_RULES.filter((r) => r.meta.pss).map((r) => r.meta.id));
  const empty = tempProject({});
  const MIXED = UNTAGGED_POD.replace('privileged: false', 'privileged: true').replace('    runAsNonRoot: true\n', '').replace('  automountServiceAccountToken: false\n', '');

  it('default reports PSS controls and hygiene rules', () => {
    const ids = new Set(jsonFindings(runCli(['scan', '-', '--format', 'json'], { cwd: empty, input: MIXED }).stdout).map(({ finding }) => finding.ruleId));
    for (const id of ['privileged-container', 'run-as-non-root', 'image-tag', 'service-account-token']) assert.ok(ids.has(id), id);
  });

  it('baseline reports only PSS baseline controls', () => {
    const ids = jsonFindings(runCli(['scan', '-', '--format', 'json', '--profile', 'baseline'], { cwd: empty, input: MIXED }).stdout).map(({ finding }) => finding.ruleId);
    assert.ok(ids.includes('privileged-container'));
    assert.deepEqual(ids.filter((id) => !baselineIds.has(id)), []);
  });

  it('restricted reports only PSS controls, of both levels', () => {
    const ids = jsonFindings(runCli(['scan', '-', '--format', 'json', '--profile', 'restricted'], { cwd: empty, input: MIXED }).stdout).map(({ finding }) => finding.ruleId);
    assert.ok(ids.includes('privileged-container') && ids.includes('run-as-non-root'), ids.join());
    assert.deepEqual(ids.filter((id) => !restrictedIds.has(id)), []);
  });

  it('overrides the profile of the configuration file', () => {
    const dir = tempProject({ '.kube-aegis.yaml': 'profile: default\n' });
    const ids = jsonFindings(runCli(['scan', '-', '--format', 'json', '--profile', 'baseline'], { cwd: dir, input: MIXED }).stdout).map(({ finding }) => finding.ruleId);
    assert.deepEqual(ids.filter((id) => !baselineIds.has(id)), []);
  });
});
