#!/usr/bin/env node
// Stands in for the `code` executable, so that @vscode/test-electron's runTests({ vscodeExecutablePath })
// runs the extension tests in code-server. It reads the flags runTests passes
// (--extensionDevelopmentPath, --extensionTestsPath, the folder to open) and ignores the others.
//
// code-server has no --extensionTestsPath flag; its web workbench takes both paths from the URL's
// `payload` query, starts the extension host with the extension under development, runs the tests
// module's run(), and reports the result through window.codeAutomationExit(code).
// --restricted-mode (ours) opens the folder in Restricted Mode: workspace trust on, never granted.
// --locale=<locale> sets the display language, as it does for VS Code (see language-pack.mjs).
import path from 'node:path';
import util from 'node:util';
import { createRunFolder, launchBrowser, startCodeServer, timedLog } from './code-server.mjs';

const TIMEOUT_MS = Number(process.env.KUBE_AEGIS_VSCODE_TIMEOUT_MS ?? 300_000);
// Extension host chatter that is expected offline and says nothing about the tests.
const NOISE = /ENOTFOUND|open-vsx\.org|vsda|^\[Service Worker\]|^(Resolv|Creating a socket|Updating additional|Creation of workbench contribution|ChatSessionStore|Extension host \(Remote\) is (un)?responsive)/;

function parseArguments(argv) {
  const options = { folder: undefined, developmentPath: undefined, testsPath: undefined, restrictedMode: false, locale: undefined };
  for (const arg of argv) {
    const [flag, ...rest] = arg.split('=');
    const value = rest.join('=');
    if (flag === '--extensionDevelopmentPath') options.developmentPath ??= path.resolve(value);
    else if (flag === '--extensionTestsPath') options.testsPath = path.resolve(value);
    else if (flag === '--restricted-mode') options.restrictedMode = true;
    else if (flag === '--locale') options.locale = value;
    else if (!arg.startsWith('-')) options.folder ??= path.resolve(arg);
  }
  return options;
}

async function runExtensionTests({ folder, developmentPath, testsPath, restrictedMode, locale }) {
  const log = timedLog('vscode');
  const run = createRunFolder();
  process.env.TMPDIR = run.folder('tmp');
  // The web workbench saves after a delay by default; the tests decide when a document is saved.
  const server = await startCodeServer(run, { 'files.autoSave': 'off' }, { workspaceTrust: restrictedMode, locale });
  log(`code-server ${server.url}`);
  let browser;
  let exitCode = 1;
  try {
    browser = await launchBrowser(run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const finished = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        const message = util.format(...(Array.isArray(args) ? args : [args]));
        if (process.env.KUBE_AEGIS_VSCODE_VERBOSE || !NOISE.test(message)) console.log(message);
      });
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const remote = (file) => `vscode-remote://${server.authority}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    const workspace = folder ?? run.folder('workspace');
    // The workbench loads in seconds, but on a machine shared by many processes it can take minutes.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 180_000 });
    log('workbench open, tests running');
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
    const result = await Promise.race([finished, timeout]);
    exitCode = result === 'timeout' ? 124 : Number(result);
    log(result === 'timeout' ? `no result after ${TIMEOUT_MS / 1000}s` : `tests finished with exit code ${exitCode}`);
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    if (exitCode !== 0) console.log(`--- code-server log ---\n${server.log()}`);
    if (!process.env.KUBE_AEGIS_KEEP_TMP) run.remove();
  }
  return exitCode;
}

const options = parseArguments(process.argv.slice(2));
if (!options.developmentPath || !options.testsPath) {
  console.error('usage: code-cli.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=MODULE [folder]');
  process.exit(2);
}
process.exit(await runExtensionTests(options).catch((error) => (console.error(error), 1)));
