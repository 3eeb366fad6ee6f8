// `npm run test:vscode`: the mocha suite of test/vscode/suite in a real VS Code extension host.
// Drives it through @vscode/test-electron's runTests; on machines without a VS Code download the
// executable is code-cli.mjs, which runs the same suite in code-server (see setup.sh).
// Set VSCODE_EXECUTABLE to a desktop VS Code to run it there instead.
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunFolder, timedLog } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = path.join(root, 'test', 'vscode', 'suite');
const outDir = path.join(root, 'out', 'vscode-tests');
const log = timedLog('test:vscode');

await build({
  absWorkingDir: root,
  entryPoints: readdirSync(suiteDir).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => path.join(suiteDir, name)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
log('suite built');

/**
 * One pass of the suite in a fresh copy of the fixture workspace (the tests edit, fix and scan
 * files). `locale`: the display language of the workbench; `suite`: only that test file.
 */
async function pass(name, { locale, suite } = {}) {
  const run = createRunFolder();
  const workspace = run.folder('workspace');
  cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE ?? path.join(root, 'scripts', 'vscode', 'code-cli.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', ...(locale ? [`--locale=${locale}`] : [])],
      extensionTestsEnv: { ...(locale ? { KUBE_AEGIS_VSCODE_LOCALE: locale } : {}), ...(suite ? { KUBE_AEGIS_VSCODE_SUITE: suite } : {}) },
    });
    log(`${name}: PASS`);
  } catch (error) {
    log(`${name}: FAIL: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  } finally {
    run.remove();
  }
}

await pass('English');
// The localized texts once more in a Simplified Chinese workbench: command titles, diagnostics.
await pass('Simplified Chinese', { locale: 'zh-cn', suite: 'locale.test.js' });
