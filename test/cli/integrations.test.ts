/**
 * Where teams run linters: the GitHub Action (action.yml and the script of its scan step, run
 * here as the action runs it) and the pre-commit hooks' definitions. pre-commit itself runs the
 * hooks in CI (scripts/ci/check-pre-commit.sh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CLI, PRIVILEGED_POD, QUIET_POD, tempProject, UNTAGGED_POD } from '../support/cli.js';
import { ROOT } from '../support/paths.js';
import { sarifValidator } from '../support/sarif.js';

const ACTION_SCRIPT = join(ROOT, 'scripts', 'ci', 'github-action.sh');

interface ActionStep {
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly id?: string;
}

describe('the GitHub Action', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: ActionStep[] };
  };

  it('passes every input to a step, and runs scripts that exist', () => {
    assert.equal(action.runs.using, 'composite');
    const env = action.runs.steps.flatMap((step) => Object.entries(step.env ?? {}));
    for (const name of Object.keys(action.inputs)) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      assert.ok(env.some(([key, value]) => key === variable && value === `\${{ inputs.${name} }}`), `${name} reaches a step as ${variable}`);
    }
    for (const step of action.runs.steps) {
      const script = /\$GITHUB_ACTION_PATH\/(\S+?)"/.exec(step.run ?? '')?.[1];
      assert.ok(script && existsSync(join(ROOT, script)), `${step.run} runs a script of the repository`);
    }
    for (const output of Object.values(action.outputs)) assert.match(output.value, /^\$\{\{ steps\.scan\.outputs\.[a-z-]+ \}\}$/);
  });

  const dir = tempProject({ 'k8s/privileged.yaml': PRIVILEGED_POD, 'k8s/untagged.yaml': UNTAGGED_POD, 'clean/pod.yaml': QUIET_POD });
  /** The scan step as the action runs it, with the repository's CLI. */
  const runStep = (inputs: Record<string, string>) => {
    const output = join(dir, 'github-output.txt');
    writeFileSync(output, '');
    const run = spawnSync('bash', [ACTION_SCRIPT], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', KUBE_AEGIS: `${process.execPath} ${CLI}`, GITHUB_OUTPUT: output, ...inputs },
    });
    const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
    return { ...run, outputs };
  };

  it('writes valid SARIF, prints the findings, and fails on an error by default', () => {
    const run = runStep({ INPUT_PATHS: 'k8s', INPUT_SARIF_FILE: 'reports/kube-aegis.sarif' });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(run.outputs, { 'sarif-file': 'reports/kube-aegis.sarif', 'exit-code': '1' });
    const log = JSON.parse(readFileSync(join(dir, 'reports', 'kube-aegis.sarif'), 'utf8'));
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.ok(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'privileged-container'));
    assert.match(run.stdout, /privileged-container/, 'the findings are in the log');
    assert.match(run.stdout, /::error title=kube-aegis::findings at or above error/);
  });

  it('fails on the chosen level only', () => {
    assert.equal(runStep({ INPUT_PATHS: 'k8s/untagged.yaml' }).status, 0, 'a warning passes under fail-on error');
    const strict = runStep({ INPUT_PATHS: 'k8s/untagged.yaml', INPUT_FAIL_ON: 'warning' });
    assert.equal(strict.status, 1);
    assert.equal(strict.outputs['exit-code'], '1');
    assert.equal(runStep({ INPUT_PATHS: 'k8s', INPUT_FAIL_ON: 'none' }).status, 0);
  });

  it('takes several paths (spaces or newlines), a profile and a configuration file', () => {
    const clean = runStep({ INPUT_PATHS: 'clean\nk8s/untagged.yaml', INPUT_FAIL_ON: 'warning', INPUT_PROFILE: 'baseline' });
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(JSON.parse(readFileSync(join(dir, 'kube-aegis.sarif'), 'utf8')).runs[0].artifacts.length, 2);
    writeFileSync(join(dir, 'relaxed.yaml'), 'rules:\n  privileged-container: off\n');
    assert.equal(runStep({ INPUT_PATHS: 'k8s/privileged.yaml clean', INPUT_CONFIG: 'relaxed.yaml' }).status, 0);
  });

  it('fails with exit status 2 when the scan cannot run', () => {
    const run = runStep({ INPUT_PATHS: 'missing' });
    assert.equal(run.status, 2);
    assert.equal(run.outputs['exit-code'], '2');
    assert.match(run.stdout, /::error title=kube-aegis::the scan could not run/);
    assert.equal(runStep({ INPUT_PATHS: 'k8s', INPUT_FAIL_ON: 'fatal' }).status, 2);
  });
});

describe('the pre-commit hooks', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; require_serial?: boolean }[];
  const bin = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;

  it('run the package’s kube-aegis scan on manifests, all files in one run', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['kube-aegis', 'kube-aegis-fix']);
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.match(hook.entry, /^kube-aegis scan\b/);
      assert.ok(bin[hook.entry.split(' ')[0]!], 'the entry is the package’s bin');
      assert.equal(hook.require_serial, true, 'cross-file rules need every file in one run');
      const files = new RegExp(hook.files);
      for (const name of ['a.yaml', 'k8s/b.yml', 'c.json', 'policy.jsonl']) assert.ok(files.test(name), name);
      for (const name of ['README.md', 'a.yaml.bak', 'main.ts']) assert.ok(!files.test(name), name);
    }
    assert.match(hooks[1]!.entry, /--fix/);
  });
});
