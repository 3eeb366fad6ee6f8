/**
 * Charts and kustomizations rendered by the real helm and kubectl (see test/support/render-binaries.ts),
 * each finding landing on the line its `# expect:` marker names (test/render/fixtures/README.md).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { jsonFindings, runCli } from '../support/cli.js';
import { ROOT } from '../support/paths.js';
import { renderBinaries } from '../support/render-binaries.js';

const FIXTURES = join(ROOT, 'test', 'render', 'fixtures');
const binaries = renderBinaries();
const engines = ['--helm', binaries.helm, '--kustomize', binaries.kubectl];

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** `path:line rule` of every marker below `dir` (paths relative to it, lines 1-based). */
function markers(dir: string): string[] {
  const out: string[] = [];
  for (const file of filesBelow(dir)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      const match = /#\s*expect:\s*([A-Za-z0-9_,\s-]+)$/.exec(line.trimEnd());
      if (match) for (const id of match[1]!.split(/[\s,]+/).filter(Boolean)) out.push(`${relative(dir, file)}:${index + 1} ${id}`);
    });
  }
  return out.sort();
}

function scan(dir: string, extra: readonly string[] = []) {
  const run = runCli(['scan', '.', '--format', 'json', '--fail-on', 'none', ...engines, ...extra], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  return { run, findings: jsonFindings(run.stdout) };
}

describe('rendered roots: findings on the line the author wrote', () => {
  for (const name of readdirSync(FIXTURES).filter((n) => statSync(join(FIXTURES, n)).isDirectory())) {
    it(name, () => {
      const dir = join(FIXTURES, name);
      const expected = markers(dir);
      const rules = new Set(expected.map((m) => m.split(' ')[1]!));
      const { findings } = scan(dir);
      const found = findings.filter(({ finding }) => rules.has(finding.ruleId)).map(({ path, finding }) => `${path}:${finding.line} ${finding.ruleId}`).sort();
      assert.deepEqual(found, expected);
      for (const { path } of findings) assert.ok(!path.startsWith('..'), `${path} is outside the root`);
    });
  }

  it('never judges a kustomize patch as a whole object', () => {
    const { findings } = scan(join(FIXTURES, 'kustomize-overlay'));
    const onPatch = findings.filter(({ path }) => path.endsWith('debug.yaml')).map(({ finding }) => finding.ruleId);
    assert.deepEqual(onPatch, ['privileged-container']);
  });

  it('names the overlay namespace in cross-file findings instead of default', () => {
    const dir = join(FIXTURES, 'kustomize-overlay');
    const { findings } = scan(dir);
    const isolated = findings.find(({ finding }) => finding.ruleId === 'pod-not-isolated');
    assert.ok(isolated, 'pod-not-isolated is reported');
    assert.match(isolated.finding.message, /namespace default/);
  });

  it('moves the fix of a missing field into the values key the block is rendered from', () => {
    const { findings } = scan(join(FIXTURES, 'helm-values'));
    const missing = findings.find(({ finding }) => finding.ruleId === 'capabilities-drop-all');
    assert.ok(missing);
    assert.equal(missing.path, 'values.yaml');
    // Dropping capabilities is unsafe: --fix leaves it, --unsafe-fixes writes it into the values key.
    assert.equal(missing.finding.fixable, false);
    const copy = mkdtempSync(join(tmpdir(), 'kube-aegis-values-'));
    cpSync(join(FIXTURES, 'helm-values'), copy, { recursive: true });
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes', '--fail-on', 'none', ...engines], { cwd: copy });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^fixed values\.yaml: .*capabilities-drop-all x1/m);
    const values = readFileSync(join(copy, 'values.yaml'), 'utf8');
    assert.match(values, /^securityContext:.*\n(?:  .*\n)*  capabilities:\n    drop:\n      - ALL\n/m, values);
    assert.match(values, /# The container's securityContext, rendered with toYaml\./, 'comments kept');
    rmSync(copy, { recursive: true, force: true });
  });

  it('reports a chart and a kustomization rendered with several value sets once, naming them', () => {
    const { run } = scan(join(ROOT, 'samples', 'helm'));
    assert.match(run.stderr, /rendered and checked 1 chart \(2 value sets\)/);
  });

  it('the samples: the chart reports on its values files, the overlay on its patch and images lines', () => {
    const { findings } = scan(join(ROOT, 'samples'));
    const keys = findings.map(({ path, finding }) => `${path}:${finding.line} ${finding.ruleId}`);
    for (const expected of ['helm/web/values-debug.yaml:3 privileged-container', 'helm/web/values-debug.yaml:5 host-namespaces', 'kustomize/overlays/prod/replicas.yaml:13 privilege-escalation', 'kustomize/overlays/prod/kustomization.yaml:9 image-tag']) {
      assert.ok(keys.includes(expected), `${expected} in\n${keys.join('\n')}`);
    }
    assert.ok(!keys.some((k) => k.startsWith('kustomize/overlays/prod/replicas.yaml') && !k.endsWith('privilege-escalation')), 'the patch is not judged as a whole object');
  });

  it('the samples without helm and kustomize: renderer-missing explains it on Chart.yaml and kustomization.yaml', () => {
    const run = runCli(['scan', 'samples', '--format', 'json', '--helm', join(FIXTURES, 'no-such-helm'), '--kustomize', join(FIXTURES, 'no-such-kustomize')], { cwd: ROOT });
    const missing = jsonFindings(run.stdout).filter(({ finding }) => finding.ruleId === 'renderer-missing').map(({ path }) => path).sort();
    assert.deepEqual(missing, ['samples/helm/web/Chart.yaml', 'samples/kustomize/overlays/prod/kustomization.yaml']);
  });

  it('renderer-missing: helm not found, nothing of the chart checked, a warning on Chart.yaml', () => {
    const { findings } = scan(join(FIXTURES, 'helm-values'), ['--helm', join(FIXTURES, 'no-such-helm')]);
    assert.deepEqual(findings.map(({ path, finding }) => `${path}:${finding.line} ${finding.ruleId} ${finding.severity}`), ['Chart.yaml:1 renderer-missing warning']);
    assert.match(findings[0]!.finding.message, /--helm PATH/);
  });

  it('renderer-missing: kustomize not found for a kustomization', () => {
    const { findings } = scan(join(FIXTURES, 'kustomize-overlay'), ['--kustomize', join(FIXTURES, 'no-such-kustomize')]);
    assert.deepEqual(findings.map(({ path, finding }) => `${path}:${finding.line} ${finding.ruleId}`), ['overlays/prod/kustomization.yaml:1 renderer-missing']);
  });

  it('render-failed carries the engine message', () => {
    const { findings } = scan(join(FIXTURES, 'render-failed-chart'));
    assert.match(findings[0]!.finding.message, /function "noSuchFunction" not defined/);
  });

  it('a template outside any chart keeps the helm-template notice', () => {
    const { findings } = scan(join(ROOT, 'samples'));
    assert.ok(findings.some(({ path, finding }) => path === 'helm-template.yaml' && finding.ruleId === 'helm-template'));
  });
});
