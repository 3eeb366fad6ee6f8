/**
 * The CLI as an npm package: `npm pack` gives a tarball of the launcher and the bundles only, whose
 * global install (into a temporary prefix) yields a working `kube-aegis` with nothing else to
 * install, and whose package.json carries no script or development dependency.
 *
 * The packing runs in a copy of the packaging files (with the repository's node_modules linked),
 * so that it neither rebuilds dist/ under the other tests nor touches the real package.json.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sarifValidator } from '../support/sarif.js';
import { ROOT } from '../support/paths.js';

const PACKAGING = ['package.json', 'package.nls.json', '.npmignore', 'README.md', 'LICENSE', 'bin', 'dist', 'scripts/build.mjs', 'scripts/standalone-validators.mjs', 'scripts/pack-manifest.mjs'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npm = (args: string[], cwd: string) => spawnSync(NPM, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let prefix: string;
  let install: ReturnType<typeof npm>;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'kube-aegis-pack-'));
    const copy = join(work, 'copy');
    for (const path of PACKAGING) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const pack = npm(['pack', '--pack-destination', work], copy);
    assert.equal(pack.status, 0, pack.stderr);
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    assert.ok(!existsSync(join(copy, '.package.json.unpacked')), 'postpack put package.json back');
    assert.equal(readFileSync(join(copy, 'package.json'), 'utf8'), readFileSync(join(ROOT, 'package.json'), 'utf8'));
    prefix = join(work, 'prefix');
    install = npm(['install', '--global', '--prefix', prefix, '--offline', tarball], work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds the launcher, the CLI and server bundles, README, LICENSE and package.json only', () => {
    const listed = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual(listed, ['package/LICENSE', 'package/README.md', 'package/bin/kube-aegis.js', 'package/dist/cli.js', 'package/dist/server.js', 'package/package.json']);
  });

  it('declares no script, no dependency and no development dependency', () => {
    const manifest = JSON.parse(spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout);
    assert.equal(manifest.description, JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')).description, 'the English description, not a package.nls reference');
    for (const key of ['scripts', 'dependencies', 'devDependencies', 'allowScripts']) assert.equal(manifest[key], undefined, key);
    assert.deepEqual(manifest.bin, { 'kube-aegis': './bin/kube-aegis.js' });
  });

  it('installs globally without a warning and without installing anything else', () => {
    assert.equal(install.status, 0, install.stderr);
    assert.doesNotMatch(install.stderr, /warn/i);
    assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['kube-aegis']);
    assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'kube-aegis', 'node_modules')));
  });

  it('gives a kube-aegis that scans a sample: exit status and valid SARIF', () => {
    const bin = join(prefix, 'bin', 'kube-aegis');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout, `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    const scan = spawnSync(bin, ['scan', join(ROOT, 'samples', 'insecure-deployment.yaml'), '--format', 'sarif'], { encoding: 'utf8', cwd: work });
    assert.equal(scan.status, 1, scan.stderr);
    const log = JSON.parse(scan.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.ok(log.runs[0].results.length > 0);
    const clean = spawnSync(bin, ['scan', join(ROOT, 'samples', 'hardened-deployment.yaml')], { encoding: 'utf8', cwd: work });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    const rules = spawnSync(bin, ['rules', '--profile', 'baseline'], { encoding: 'utf8' });
    assert.match(rules.stdout, /privileged-container/);
  });
});

describe('the VS Code extension package', () => {
  it('holds the extension bundles, snippets, schemas and rule docs, and no node_modules or test data', () => {
    // Without --no-dependencies: the manifest itself must leave every package out of the .vsix.
    const listed = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.trim().split('\n');
    const translations = ['package.nls.json', 'package.nls.zh-cn.json', 'client/l10n/bundle.l10n.zh-cn.json'];
    for (const expected of ['package.json', 'dist/client.js', 'dist/server.js', 'snippets/kubernetes.json', 'schemas/kube-aegis-config.schema.json', 'docs/rules/privileged-container.md', ...translations]) {
      assert.ok(files.includes(expected), expected);
    }
    assert.deepEqual(files.filter((f) => /^(node_modules|test|server|client|scripts)\//.test(f) && !translations.includes(f)), []);
  });
});
