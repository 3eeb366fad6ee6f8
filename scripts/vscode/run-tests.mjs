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

// The tests edit, fix and scan files: give them a fresh copy of the fixture workspace.
const run = createRunFolder();
const workspace = run.folder('workspace');
cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });

try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE ?? path.join(root, 'scripts', 'vscode', 'code-cli.mjs'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
  });
  log('PASS');
} catch (error) {
  log(`FAIL: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  run.remove();
}
