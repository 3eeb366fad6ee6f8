// `npm run test:vscode`: the mocha suite of test/vscode/suite in a real VS Code extension host,
// then the suite of test/vscode/restricted in a workspace that is not trusted (Restricted Mode),
// then the suite of test/vscode/zh-cn in a VS Code whose display language is Simplified Chinese.
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
const restrictedDir = path.join(root, 'test', 'vscode', 'restricted');
const restrictedOutDir = path.join(outDir, 'restricted');
const chineseDir = path.join(root, 'test', 'vscode', 'zh-cn');
const chineseOutDir = path.join(outDir, 'zh-cn');
const executable = process.env.VSCODE_EXECUTABLE ?? path.join(root, 'scripts', 'vscode', 'code-cli.mjs');
const log = timedLog('test:vscode');

const buildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
};
await build({
  ...buildOptions,
  entryPoints: readdirSync(suiteDir).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => path.join(suiteDir, name)),
  outdir: outDir,
});
// The Restricted Mode and Simplified Chinese suites: their own tests, run by the same index.
for (const [dir, outdir] of [[restrictedDir, restrictedOutDir], [chineseDir, chineseOutDir]]) {
  await build({
    ...buildOptions,
    entryPoints: [
      { in: path.join(suiteDir, 'index.ts'), out: 'index' },
      ...readdirSync(dir).filter((name) => name.endsWith('.test.ts')).map((name) => ({ in: path.join(dir, name), out: name.replace(/\.ts$/, '') })),
    ],
    outdir,
  });
}
log('suites built');

// The tests edit, fix and scan files: give each pass a fresh copy of the fixture workspace.
const run = createRunFolder();
const fixtureWorkspace = (name) => {
  const folder = run.folder(name);
  cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), folder, { recursive: true });
  return folder;
};
const workspace = fixtureWorkspace('workspace');

// KUBE_AEGIS_VSCODE_SUITE=suite, =restricted or =zh-cn runs one of the three.
const only = process.env.KUBE_AEGIS_VSCODE_SUITE;
try {
  if (!only || only === 'suite') {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'index.js'),
      launchArgs: [workspace, '--disable-extensions'],
    });
    log('PASS');
  }
  if (only && only !== 'restricted') {
    // Another suite alone.
  } else if (process.env.VSCODE_EXECUTABLE) {
    // @vscode/test-electron always passes --disable-workspace-trust to a desktop VS Code.
    log('Restricted Mode suite not run: it needs code-server (VSCODE_EXECUTABLE is set)');
  } else {
    // A second window on an empty folder that is never trusted (see code-cli.mjs --restricted-mode).
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(restrictedOutDir, 'index.js'),
      launchArgs: [run.folder('restricted-workspace'), '--disable-extensions', '--restricted-mode'],
    });
    log('PASS (Restricted Mode)');
  }
  if (only && only !== 'zh-cn') {
    // Another suite alone.
  } else if (process.env.VSCODE_EXECUTABLE) {
    // A desktop VS Code shows Chinese only with a Chinese language pack installed in it.
    log('Simplified Chinese suite not run: it needs code-server and the test language pack (VSCODE_EXECUTABLE is set)');
  } else {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(chineseOutDir, 'index.js'),
      launchArgs: [fixtureWorkspace('zh-cn-workspace'), '--disable-extensions', '--locale=zh-cn'],
    });
    log('PASS (Simplified Chinese)');
  }
} catch (error) {
  log(`FAIL: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  run.remove();
}
