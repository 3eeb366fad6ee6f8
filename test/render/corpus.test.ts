/**
 * The shared corpora of real charts and kustomize trees (../shared/corpora/helm, /kustomize), each
 * rendered by the real helm and kubectl and checked: no crash, every finding on a line of a file
 * inside the corpus, and render-failed only where the corpus records a failing root.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { jsonFindings, runCli } from '../support/cli.js';
import { CORPORA } from '../support/paths.js';
import { renderBinaries } from '../support/render-binaries.js';

/** Roots the corpus READMEs record as failing (negative cases, and a chart whose dependency is not vendored). */
const EXPECTED_FAILURES = [
  'helm/helm-testdata/pkg/cmd/testdata/testcharts/chart-bad-type/',
  'helm/helm-testdata/pkg/cmd/testdata/testcharts/lib-chart/',
  'helm/helm-testdata/pkg/cmd/testdata/testcharts/chart-with-template-with-invalid-yaml/',
  'kustomize/kustomize-examples/examples/transformerconfigs/images/',
  'kustomize/argo-cd/manifests/ha/base/redis-ha/chart/',
];

const present = ['helm', 'kustomize'].filter((name) => existsSync(join(CORPORA, name)));

describe('rendering the shared corpora', { timeout: 600_000 }, () => {
  if (present.length < 2) {
    it('is skipped: ../shared/corpora/helm or /kustomize is absent', (t) => {
      process.stdout.write(`# note: ${CORPORA}/helm and /kustomize not found; the corpus test did not run\n`);
      t.skip('corpus absent');
    });
    return;
  }
  it('renders and checks every root; every finding is on a line of a file of the corpus', () => {
    const binaries = renderBinaries();
    const run = runCli(['scan', 'helm', 'kustomize', '--format', 'json', '--helm', binaries.helm, '--kustomize', binaries.kubectl], { cwd: CORPORA });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    assert.match(run.stderr, /rendered and checked \d+ charts.* and \d+ kustomizations/);
    const findings = jsonFindings(run.stdout);
    assert.ok(findings.length > 100, `only ${findings.length} findings`);
    const lineCounts = new Map<string, number>();
    for (const { path, finding } of findings) {
      assert.ok(path.startsWith('helm/') || path.startsWith('kustomize/'), `${path} is outside the corpus`);
      if (!lineCounts.has(path)) lineCounts.set(path, readFileSync(join(CORPORA, path), 'utf8').split('\n').length);
      assert.ok(finding.line >= 1 && finding.line <= lineCounts.get(path)!, `${path}:${finding.line} is not a line of the file`);
      assert.notEqual(finding.ruleId, 'internal-error', `${path}:${finding.line} ${finding.message}`);
      if (finding.ruleId === 'render-failed') assert.ok(EXPECTED_FAILURES.some((root) => path.startsWith(root)), `${path}: ${finding.message}`);
    }
    const failed = new Set(findings.filter(({ finding }) => finding.ruleId === 'render-failed').map(({ path }) => EXPECTED_FAILURES.find((r) => path.startsWith(r))));
    assert.equal(failed.size, EXPECTED_FAILURES.length);
  });
});
