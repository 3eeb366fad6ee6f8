/**
 * Scanning on several threads (`--jobs N`, KUBE_AEGIS_JOBS) gives the report of one thread, byte
 * for byte, in every format: the same findings in the same order, cross-file findings included.
 * Speed is measured by `npm run bench`, not here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { MIN_CORES_FOR_THREADS, MIN_PARALLEL_CHARS, ScanWorkers, scanFilesInThreads, threadCount, threadsFor } from '../../server/src/cli/scan-threads.js';
import { scanFiles } from '../../server/src/cli/scan.js';
import { DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { corpusDir, corpusSkip } from '../support/corpora.js';
import { CLI, PRIVILEGED_POD, QUIET_POD, runCli, tempProject } from '../support/cli.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const BARE_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\n  namespace: web\n  labels: {app: bare}\nspec:\n  containers:\n    - name: c\n      image: nginx\n';
// Cross-file findings need the other files: namespaces without policies, pods no policy selects.
const PROJECT = {
  'namespaces.yaml': `${NAMESPACE}---\n${NAMESPACE.replace('shop', 'empty')}`,
  'a/pods.yaml': `${PRIVILEGED_POD}---\n${QUIET_POD.replace('name: app\n', 'name: quiet\n')}`,
  'a/b/more.yaml': PRIVILEGED_POD.replace('name: app\n', 'name: other\n').replace('        privileged: true', '        # kube-aegis-disable-next-line privileged-container\n        privileged: true'),
  'web/bare.yaml': BARE_POD,
  'web/silenced.yaml': `# kube-aegis-disable pod-not-isolated\n${BARE_POD.replace('name: bare', 'name: silenced')}`,
  'c/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: nothing}\n  policyTypes: [Ingress]\n',
  'd/broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n',
  // A pod names an account that the other file's accounts of its namespace lack.
  'f/accounts.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n  namespace: web\n',
  'web/deployer.yaml': BARE_POD.replace('name: bare', 'name: deployer').replace('spec:\n', 'spec:\n  serviceAccountName: deployer\n'),
  'e/rbac.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: everyone\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}]\n',
};

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, out);
    else out.push(path);
  }
  return out.sort();
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((file) => [relative(dir, file), readFileSync(file, 'utf8')]));
}

describe('kube-aegis scan on several threads', () => {
  it('every format: the report of --jobs 2 is that of --jobs 1, cross-file findings and suppressions included', () => {
    const dir = tempProject(PROJECT);
    for (const format of ['json', 'sarif', 'stylish']) {
      const one = runCli(['scan', '.', '--format', format, '--jobs', '1'], { cwd: dir });
      const two = runCli(['scan', '.', '--format', format, '--jobs', '2'], { cwd: dir });
      assert.equal(one.status, 1, one.stderr);
      assert.equal(two.stdout, one.stdout, format);
      assert.equal(two.stderr, one.stderr, format);
      assert.equal(two.status, one.status);
    }
    const json = runCli(['scan', '.', '--format', 'json'], { cwd: dir, env: { KUBE_AEGIS_JOBS: '3' } });
    assert.match(json.stdout, /"ruleId": "namespace-network-policy"/, 'the cross-file rules saw every file');
    assert.match(json.stdout, /"ruleId": "pod-not-isolated"/);
    assert.match(json.stdout, /"ruleId": "missing-service-account"/);
    assert.equal(json.stdout, runCli(['scan', '.', '--format', 'json', '--jobs', '1'], { cwd: dir }).stdout, 'KUBE_AEGIS_JOBS');
  });

  it('a kind that podSpecPaths declares holds pods for the cross-file rules on every thread', () => {
    const workflow = (name: string) =>
      `apiVersion: batch.example.com/v1\nkind: Workflow\nmetadata:\n  name: ${name}\n  namespace: jobs\nspec:\n  runner:\n    template:\n      metadata:\n        labels: {app: ${name}}\n      spec:\n        serviceAccountName: runner\n        containers:\n          - name: c\n            image: example.com/c:1.0.0\n`;
    const dir = tempProject({
      '.kube-aegis.yaml': 'podSpecPaths:\n  - kind: Workflow\n    apiVersion: batch.example.com\n    path: spec.runner.template\n',
      'accounts.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n  namespace: jobs\n',
      'a/nightly.yaml': workflow('nightly'),
      'b/weekly.yaml': `${workflow('weekly')}---\n${workflow('monthly')}`,
    });
    const one = runCli(['scan', '.', '--format', 'json', '--jobs', '1'], { cwd: dir });
    for (const rule of ['missing-service-account', 'service-account-token']) assert.match(one.stdout, new RegExp(`"ruleId": "${rule}"`), rule);
    for (const jobs of ['2', '3']) assert.equal(runCli(['scan', '.', '--format', 'json', '--jobs', jobs], { cwd: dir }).stdout, one.stdout, `--jobs ${jobs}`);
  });

  it('--fix on several threads writes what --fix on one thread writes, and reports the same', () => {
    const first = tempProject(PROJECT);
    const second = mkdtempSync(join(tmpdir(), 'kube-aegis-cli-'));
    after(() => rmSync(second, { recursive: true, force: true }));
    cpSync(first, second, { recursive: true });
    const one = runCli(['scan', '.', '--fix', '--unsafe-fixes', '--format', 'json', '--jobs', '1'], { cwd: first });
    const two = runCli(['scan', '.', '--fix', '--unsafe-fixes', '--format', 'json', '--jobs', '2'], { cwd: second });
    assert.match(one.stderr, /^fixed /m);
    assert.equal(two.stderr, one.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.deepEqual(contents(second), contents(first));
    assert.notDeepEqual(contents(first), PROJECT);
  });

  it('the realworld corpus: --jobs 2 reports what --jobs 1 does, in every format', { skip: corpusSkip('realworld') }, () => {
    const dir = corpusDir('realworld')!;
    // Reports of several megabytes: more than runCli's output buffer.
    const run = (format: string, jobs: string) => spawnSync(process.execPath, [CLI, 'scan', '.', '--format', format, '--fail-on', 'none', '--jobs', jobs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
    for (const format of ['json', 'sarif', 'stylish']) {
      const one = run(format, '1');
      const two = run(format, '2');
      assert.equal(one.status, 0, one.stderr);
      assert.ok(one.stdout.length > 100_000, format);
      assert.equal(two.stdout, one.stdout, format);
      assert.equal(two.stderr, one.stderr, format);
    }
  });

  // Under the test's TypeScript loader a worker cannot load this module, so it fails and hands its
  // files back: this checks the hand-over of started workers; the CLI tests above run real ones.
  it('workers started while the files are read: the scan takes what it needs, stops the others, and reports what one thread does', async () => {
    const inputs = Object.entries(PROJECT).map(([path, text]) => ({ path, text, config: DEFAULT_CONFIG }));
    const workers = new ScanWorkers();
    workers.prepare(3);
    const reports = await scanFilesInThreads(inputs, 2, true, undefined, workers);
    assert.deepEqual(workers.take(3), [], 'the scan took one, the others were stopped');
    const expected = scanFiles(inputs);
    assert.deepEqual(
      reports.map((r) => [r.path, r.findings, r.workloads]),
      expected.map((r) => [r.path, r.findings, r.workloads]),
    );
    assert.ok(reports.some((r) => r.findings.some((f) => f.ruleId === 'namespace-network-policy')));
  });

  it('threads only for a large input on cores enough, or when asked; never more than there are files', () => {
    const input = (chars: number) => ({ path: 'x.yaml', text: 'x'.repeat(chars), config: DEFAULT_CONFIG });
    assert.equal(threadsFor([input(10), input(10)], undefined), 1, 'a small scan stays on one thread');
    assert.equal(threadsFor([input(MIN_PARALLEL_CHARS)], undefined), 1, 'one file: one thread');
    const large = availableParallelism() >= MIN_CORES_FOR_THREADS ? 2 : 1;
    assert.equal(threadsFor([input(MIN_PARALLEL_CHARS / 2), input(MIN_PARALLEL_CHARS / 2)], undefined), large, 'a large one: one per core, given cores enough');
    assert.equal(threadsFor([input(10), input(10)], 4), 2);
    assert.equal(threadsFor([input(10), input(10), input(10)], 1), 1);
    // While the files are read, workers start once what is read so far calls for them.
    assert.equal(threadCount(300, MIN_PARALLEL_CHARS - 1, undefined, 8), 1);
    assert.equal(threadCount(300, MIN_PARALLEL_CHARS, undefined, 8), 8, 'one per core');
    assert.equal(threadCount(5, MIN_PARALLEL_CHARS, undefined, 8), 5, 'no more than there are files');
    assert.equal(threadCount(300, 10 * MIN_PARALLEL_CHARS, undefined, 2), 1, 'two cores: one thread, V8 keeps the second busy');
    assert.equal(threadCount(300, 10 * MIN_PARALLEL_CHARS, undefined, MIN_CORES_FOR_THREADS), MIN_CORES_FOR_THREADS);
    assert.equal(threadCount(300, 10, 2, 2), 2, 'asked for');
    assert.equal(threadCount(3, 10, 8, 2), 3);
  });

  it('a --jobs or KUBE_AEGIS_JOBS that is not a whole number of 1 or more is a usage error', () => {
    const dir = tempProject({ 'pod.yaml': QUIET_POD });
    const flag = runCli(['scan', '.', '--jobs', '0'], { cwd: dir });
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--jobs must be a whole number, 1 or more \(got "0"\)/);
    const env = runCli(['scan', '.'], { cwd: dir, env: { KUBE_AEGIS_JOBS: 'many' } });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /KUBE_AEGIS_JOBS must be a whole number, 1 or more \(got "many"\)/);
  });
});
