/** Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, PRIVILEGED_POD, QUIET_POD, runCli, tempProject, UNTAGGED_POD } from '../support/cli.js';

describe('kube-aegis exit status', () => {
  const dir = tempProject({ 'quiet.yaml': QUIET_POD, 'privileged.yaml': PRIVILEGED_POD, 'untagged.yaml': UNTAGGED_POD });

  it('is 0 when nothing is found', () => {
    const run = runCli(['scan', 'quiet.yaml'], { cwd: dir });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /No problems found in 1 file\./);
  });

  it('is 1 for an error under the default --fail-on error', () => {
    assert.equal(runCli(['scan', 'privileged.yaml'], { cwd: dir }).status, 1);
  });

  it('follows --fail-on', () => {
    assert.equal(runCli(['scan', 'untagged.yaml'], { cwd: dir }).status, 0, 'a warning does not fail at the default threshold');
    assert.equal(runCli(['scan', 'untagged.yaml', '--fail-on', 'warning'], { cwd: dir }).status, 1);
    assert.equal(runCli(['scan', 'untagged.yaml', '--fail-on', 'info'], { cwd: dir }).status, 1);
    assert.equal(runCli(['scan', 'privileged.yaml', '--fail-on', 'none'], { cwd: dir }).status, 0);
    assert.equal(runCli(['scan', 'privileged.yaml', '--fail-on', 'off'], { cwd: dir }).status, 0);
  });

  it('is 2 with the usage for bad arguments', () => {
    for (const args of [[], ['lint'], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'fatal'], ['scan', '--profile', 'strict'], ['scan', '--frobnicate']]) {
      const run = runCli(args, { cwd: dir });
      assert.equal(run.status, 2, `kube-aegis ${args.join(' ')}`);
      assert.match(run.stderr, /^kube-aegis: .+\n\nusage: kube-aegis scan/, `kube-aegis ${args.join(' ')}`);
      assert.equal(run.stdout, '');
    }
  });

  it('is 2 for a file that does not exist, naming it', () => {
    const run = runCli(['scan', 'quiet.yaml', 'missing.yaml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'kube-aegis: no such file or directory: missing.yaml\n');
  });

  it('is 2 for a --config that does not exist, without a stack trace', () => {
    const run = runCli(['scan', 'quiet.yaml', '--config', 'nowhere.yaml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'kube-aegis: configuration file not found: nowhere.yaml\n');
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const many = tempProject({ 'many.yaml': Array.from({ length: 1500 }, () => UNTAGGED_POD).join('---\n') });
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" scan many.yaml | head -n 2`], { cwd: many, encoding: 'utf8' });
    assert.equal(result.stdout.split('\n').length, 3, 'head printed its lines');
    assert.equal(result.stderr, '');
  });

  it('prints help and version with status 0', () => {
    const help = runCli(['--help'], { cwd: dir });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: kube-aegis scan/);
    const version = runCli(['--version'], { cwd: dir });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n$/);
  });
});
