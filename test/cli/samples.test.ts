/** The shipped samples show what `npm start` promises: findings, fixes, a quiet file, a notice. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { jsonFindings, runCli } from '../support/cli.js';
import { ROOT } from '../support/paths.js';

describe('samples', () => {
  const run = runCli(['scan', 'samples', '--format', 'json'], { cwd: ROOT });
  const findings = jsonFindings(run.stdout);
  const idsIn = (file: string) => new Set(findings.filter((f) => f.path === `samples/${file}`).map((f) => f.finding.ruleId));

  it('the insecure deployment has errors, warnings and findings with fixes', () => {
    const ids = idsIn('insecure-deployment.yaml');
    for (const id of ['privileged-container', 'secret-in-env', 'image-tag', 'resource-limits', 'service-account-token', 'runtime-package-install', 'ssh-port', 'default-namespace']) {
      assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
    }
    assert.ok(findings.some((f) => f.path === 'samples/insecure-deployment.yaml' && f.finding.suggestedFix));
    assert.equal(run.status, 1);
  });

  it('the hardened deployment is silent under the default profile', () => {
    assert.deepEqual([...idsIn('hardened-deployment.yaml')], []);
  });

  it('the multi-document file is checked document by document', () => {
    const cronJob = findings.filter((f) => f.path === 'samples/multi-document.yaml');
    assert.ok(cronJob.length > 0);
    const text = readFileSync(join(ROOT, 'samples', 'multi-document.yaml'), 'utf8');
    const cronJobLine = text.split('\n').indexOf('kind: CronJob') + 1;
    assert.ok(cronJob.every((f) => f.finding.line > cronJobLine), 'only the CronJob has findings');
  });

  it('the Helm template gets the one template notice', () => {
    assert.deepEqual([...idsIn('helm-template.yaml')], ['helm-template']);
  });

  it('--fix --unsafe-fixes on a copy of the samples leaves no fixable finding', () => {
    const copy = mkdtempSync(join(tmpdir(), 'kube-aegis-samples-'));
    after(() => rmSync(copy, { recursive: true, force: true }));
    cpSync(join(ROOT, 'samples'), copy, { recursive: true });
    const fixed = runCli(['scan', '.', '--fix', '--unsafe-fixes', '--format', 'json'], { cwd: copy });
    assert.match(fixed.stderr, /^fixed insecure-deployment\.yaml: /m);
    assert.deepEqual(jsonFindings(fixed.stdout).filter((f) => f.finding.fixable).map((f) => `${f.path} ${f.finding.ruleId}`), []);
    assert.equal(readFileSync(join(copy, 'hardened-deployment.yaml'), 'utf8'), readFileSync(join(ROOT, 'samples', 'hardened-deployment.yaml'), 'utf8'));
  });
});
