/**
 * How `--fix` writes files: through a temporary file and an atomic rename, never over a file
 * changed since it was read, never through a symbolic link out of the scanned folders, never over
 * a read-only file; every file it changed is reported even when another one fails.
 */
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scannedTrees, writeFixedFile, WriteRefused } from '../../server/src/cli/write-fixes.js';
import { readText, runCli, tempProject } from '../support/cli.js';

/** A pod whose only fixes (with --unsafe-fixes) are the rename of a misspelt field and, clashing with it, the insertion of the same field. */
const MISSPELT = `apiVersion: v1
kind: Pod
metadata:
  name: spelled
spec:
  securityContext:
    runAsNonroot: true
  containers:
    - name: app
      image: example.com/app:1.0.0
`;
const isFixed = (text: string) => text.includes('runAsNonRoot: true') && !text.includes('runAsNonroot');

describe('kube-aegis --fix writing files', () => {
  it('replaces the file by an atomic rename, keeping its mode and leaving no temporary file', () => {
    const dir = tempProject({ 'pod.yaml': MISSPELT });
    chmodSync(join(dir, 'pod.yaml'), 0o640);
    const before = statSync(join(dir, 'pod.yaml'));
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.match(run.stderr, /^fixed pod\.yaml: .*unknown-security-field x1/m);
    assert.ok(isFixed(readText(dir, 'pod.yaml')), readText(dir, 'pod.yaml'));
    const after = statSync(join(dir, 'pod.yaml'));
    assert.notEqual(after.ino, before.ino, 'a new file was renamed into place');
    assert.equal(after.mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['pod.yaml']);
  });

  it('goes on after a read-only file, reports each file it fixed, and exits 2 without a stack trace', () => {
    const dir = tempProject({ 'a.yaml': MISSPELT, 'b.yaml': MISSPELT, 'c.yaml': MISSPELT });
    chmodSync(join(dir, 'b.yaml'), 0o444);
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^fixed a\.yaml: /m);
    assert.match(run.stderr, /^kube-aegis: cannot write b\.yaml: the file is read-only$/m);
    assert.match(run.stderr, /^fixed c\.yaml: /m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(isFixed(readText(dir, 'a.yaml')) && isFixed(readText(dir, 'c.yaml')));
    assert.equal(readText(dir, 'b.yaml'), MISSPELT);
    // The report is of what is on disk: b.yaml still has its finding.
    assert.match(run.stdout, /b\.yaml[\s\S]*unknown-security-field/);
  });

  it('does not follow a symbolic link out of the scanned folder, and writes through one inside it', () => {
    const dir = tempProject({ 'outside/pod.yaml': MISSPELT, 'scanned/real.yaml': MISSPELT });
    symlinkSync(join(dir, 'outside', 'pod.yaml'), join(dir, 'scanned', 'away.yaml'));
    symlinkSync('real.yaml', join(dir, 'scanned', 'near.yaml'));
    const run = runCli(['scan', 'scanned', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.notEqual(run.status, 2, run.stderr);
    // The walk leaves the link out of the tree alone (as the editor's does): neither read nor written.
    assert.doesNotMatch(run.stderr + run.stdout, /away\.yaml/);
    assert.equal(readText(dir, 'outside/pod.yaml'), MISSPELT);
    assert.ok(isFixed(readText(dir, 'scanned/real.yaml')));
    assert.ok(lstatSync(join(dir, 'scanned', 'near.yaml')).isSymbolicLink(), 'the link inside stays a link');
  });

  it('refuses to write through a symbolic link out of the scanned folders', async () => {
    const dir = tempProject({ 'outside/pod.yaml': MISSPELT, 'scanned/real.yaml': MISSPELT });
    const link = join(dir, 'scanned', 'away.yaml');
    symlinkSync(join(dir, 'outside', 'pod.yaml'), link);
    await assert.rejects(writeFixedFile(link, MISSPELT, 'fixed\n', await scannedTrees([join(dir, 'scanned')])), (error: unknown) => error instanceof WriteRefused && /outside the scanned folders; not followed$/.test(error.message));
    assert.equal(readText(dir, 'outside/pod.yaml'), MISSPELT);
  });

  it('refuses to overwrite a file that changed since it was read', async () => {
    const dir = tempProject({ 'pod.yaml': MISSPELT });
    const file = join(dir, 'pod.yaml');
    const edited = MISSPELT.replace('name: spelled', 'name: edited-meanwhile');
    writeFileSync(file, edited);
    await assert.rejects(writeFixedFile(file, MISSPELT, 'fixed\n', await scannedTrees([dir])), (error: unknown) => error instanceof WriteRefused && /changed since it was read/.test(error.message));
    assert.equal(readText(dir, 'pod.yaml'), edited);
    assert.deepEqual(readdirSync(dir), ['pod.yaml'], 'no temporary file left');
  });

  it('names the error of a file that cannot be written (here: removed since it was read)', async () => {
    const dir = tempProject({ 'pod.yaml': MISSPELT });
    const tree = await scannedTrees([dir]);
    await assert.rejects(writeFixedFile(join(dir, 'gone.yaml'), MISSPELT, 'fixed\n', tree), (error: unknown) => error instanceof WriteRefused && error.message === 'the file no longer exists (ENOENT)');
  });

  it('writes a misspelt field and the same field missing as one key, even with --unsafe-fixes', () => {
    // The rename wins; the insertion of runAsNonRoot is not offered beside the misspelt key (see
    // fix-all-checks.test.ts for a clash that fix-all has to leave out and name).
    const dir = tempProject({ 'pod.yaml': MISSPELT });
    const run = runCli(['scan', '.', '--fix', '--unsafe-fixes'], { cwd: dir });
    assert.doesNotMatch(run.stderr, /fix left out/);
    const text = readText(dir, 'pod.yaml');
    assert.equal((text.match(/runAsNonRoot/g) ?? []).length, 1, text);
    assert.ok(isFixed(text), text);
  });
});
