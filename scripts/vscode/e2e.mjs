// `npm run test:e2e`: the packaged extension in a real VS Code UI (code-server in headless Chromium).
// Installs kube-aegis.vsix, opens a workspace and a manifest, waits for the squiggle on the known
// line, applies the quick fix with Ctrl+. and Enter, saves, and checks the file on disk; then
// inserts a template through the command palette and its Quick Pick; then opens a manifest where
// several findings stack on one line and shows their hover and quick-fix menu; then shows the same
// hover, the Problems panel and a command title in a VS Code whose display language is Simplified
// Chinese.
// Screenshots go to .test-artifacts/; `--update-docs-images` also copies the hover, quick fix,
// status bar, stacked-findings and Chinese ones to docs/images/ for the README and docs/languages.md.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunFolder, installExtension, launchBrowser, startCodeServer, timedLog } from './code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = path.join(root, 'kube-aegis.vsix');
const artifacts = path.join(root, '.test-artifacts');
const WAIT_MS = 120_000;
const FIX_TITLE = 'Set privileged: false (unsafe)';
const log = timedLog('test:e2e');

if (!existsSync(vsix)) throw new Error('kube-aegis.vsix is missing: run `npm run package` first.');
mkdirSync(artifacts, { recursive: true });
const run = createRunFolder();
process.env.TMPDIR = run.folder('tmp');
const workspace = run.folder('workspace');
cpSync(path.join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
const manifest = path.join(workspace, 'web.yaml');
// A container without any securityContext: five findings on its `- name: api` line.
const STACKED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0
`;
writeFileSync(path.join(workspace, 'stacked.yaml'), STACKED);
const FIX_ALL_TITLE = 'Fix all auto-fixable problems in this file';

log(installExtension(run, vsix).split('\n').pop());
const server = await startCodeServer(run, { 'files.autoSave': 'off', 'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Light Modern' });
log(`code-server ${server.url}`);
let browser;
let passed = false;
try {
  browser = await launchBrowser(run);
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: WAIT_MS });
  log('workbench loaded');

  await runQuickInput(page, 'Control+P', 'web.yaml');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
  log('squiggle shown');
  // The status bar item: active profile and the file's finding count.
  const findingsBefore = await statusBarCount(page);
  log(`status bar: ${findingsBefore} findings`);
  await page.locator('.statusbar-item', { hasText: 'Kube Aegis default' }).first().screenshot({ path: path.join(artifacts, 'status-bar.png') });

  // The privileged-container finding sits on line 25, column 25 (`true`).
  await runQuickInput(page, 'Control+G', '25:25');
  await showHover(page);
  await page.screenshot({ path: path.join(artifacts, 'warning.png') });
  await page.keyboard.press('Escape');
  await openQuickFixMenu(page);
  await page.screenshot({ path: path.join(artifacts, 'quick-fix.png') });
  await focusMenuItem(page, FIX_TITLE);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+S');
  await waitForFile(manifest, (text) => text.includes('privileged: false # needed? no'));
  const text = readFileSync(manifest, 'utf8');
  assert.equal(text.split('\n')[24], '            privileged: false # needed? no');
  assert.equal(text.replace('privileged: false', 'privileged: true'), readFileSync(path.join(root, 'test/vscode/fixtures/workspace/web.yaml'), 'utf8'), 'only the value changed');
  await page.locator('.statusbar-item', { hasText: `Kube Aegis default: ${findingsBefore - 1}` }).first().waitFor({ timeout: WAIT_MS });
  await page.screenshot({ path: path.join(artifacts, 'fixed.png') });
  log('fix applied and saved');

  // The palette command and its Quick Pick: with no editor open, the template goes into a new document.
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Kube Aegis: Insert Secure Template...');
  await pickQuickInputItem(page, 'Secure Deployment');
  await page.locator('.monaco-editor .view-lines', { hasText: 'automountServiceAccountToken: false' }).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.statusbar-item', { hasText: 'Kube Aegis default: 0' }).first().waitFor({ timeout: WAIT_MS }); // a secure template
  await page.screenshot({ path: path.join(artifacts, 'template.png') });
  log('template inserted from the command palette');

  // Stacked findings: a short hover, one line each; the menu lists fixes first and one fix-all.
  // (Escape leaves the inserted snippet's placeholders first.)
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'stacked.yaml' }).first().dblclick();
  await page.locator('.tab.active', { hasText: 'stacked.yaml' }).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
  await runQuickInput(page, 'Control+G', '14:13');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover', { hasText: 'findings here' }).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-hover', { hasText: 'Checking for quick fixes' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, 'stacked-hover.png') });
  await page.keyboard.press('Escape');
  await openQuickFixMenu(page, FIX_ALL_TITLE);
  const rows = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  const firstIgnore = rows.findIndex((row) => row.includes('Ignore '));
  const fixAll = rows.findIndex((row) => row.includes(FIX_ALL_TITLE));
  assert.ok(fixAll >= 0 && firstIgnore > fixAll, `fixes before ignore rows: ${rows.join(' | ')}`);
  await page.screenshot({ path: path.join(artifacts, 'stacked-quick-fix.png') });
  await page.keyboard.press('Escape');
  log('stacked findings: hover and quick-fix menu');
  await page.close();
  await server.stop();
  await chineseWorkbench();
  if (process.argv.includes('--update-docs-images')) {
    for (const image of ['warning.png', 'quick-fix.png', 'status-bar.png', 'stacked-hover.png', 'stacked-quick-fix.png', 'warning-zh-cn.png', 'command-palette-zh-cn.png']) {
      copyFileSync(path.join(artifacts, image), path.join(root, 'docs', 'images', image));
    }
  }
  passed = true;
} catch (error) {
  console.error(error);
  await browser?.pages()[0]?.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
} finally {
  await browser?.close().catch(() => {});
  await server.stop();
  if (!passed) console.log(`--- code-server log ---\n${server.log()}`);
  run.remove();
}
log(passed ? `PASS (screenshots in ${path.relative(root, artifacts)}/)` : 'FAIL');
process.exit(passed ? 0 : 1);

/**
 * The privileged container's hover and the Problems panel in a VS Code started with
 * `--locale zh-cn` (and the test language pack, which translates a few of VS Code's own texts,
 * such as the Problems panel and the hover's "Quick Fix..."): the extension's texts come from its
 * zh-cn translations.
 */
async function chineseWorkbench() {
  const chinese = await startCodeServer(run, { 'files.autoSave': 'off', 'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Light Modern' }, { locale: 'zh-cn' });
  try {
    const page = await browser.newPage();
    writeFileSync(manifest, readFileSync(path.join(root, 'test/vscode/fixtures/workspace/web.yaml'), 'utf8'));
    await page.goto(`${chinese.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: WAIT_MS });
    await runQuickInput(page, 'Control+P', 'web.yaml');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
    // The Problems panel, titled by VS Code in Chinese, lists the findings in Chinese.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.part.panel .composite-bar .action-label', { hasText: '问题' }).first().waitFor({ timeout: WAIT_MS });
    await page.locator('.markers-panel .monaco-list-row', { hasText: '以特权方式运行' }).first().waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Control+1');
    await runQuickInput(page, 'Control+G', '25:25');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover', { hasText: '以特权方式运行' }).first().waitFor({ timeout: WAIT_MS });
    await page.locator('.monaco-hover', { hasText: 'Pod 安全标准' }).first().waitFor({ timeout: WAIT_MS });
    await page.locator('.monaco-hover', { hasText: '正在检查快速修复' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
    await page.screenshot({ path: path.join(artifacts, 'warning-zh-cn.png') });
    log('Simplified Chinese workbench: hover and Problems panel');
    // The Command Palette shows the title of package.nls.zh-cn.json and finds it by its English too.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.pressSequentially('Fix All Security Issues');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Kube Aegis：修复文件中的所有安全问题' }).first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(artifacts, 'command-palette-zh-cn.png') });
    await page.keyboard.press('Escape');
    log('Simplified Chinese workbench: command title in the Command Palette');
    await page.close();
  } catch (error) {
    console.log(`--- code-server log (Simplified Chinese) ---\n${chinese.log()}`);
    throw error;
  } finally {
    await chinese.stop();
  }
}

/** Runs a command by its title from the command palette. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await pickQuickInputItem(page, title);
}

/** Types `label` into the open quick input and accepts the row that carries it. */
async function pickQuickInputItem(page, label) {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.pressSequentially(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** Opens a quick input with `shortcut`, types `value` and accepts it. */
async function runQuickInput(page, shortcut, value) {
  await page.keyboard.press(shortcut);
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.pressSequentially(value);
  if (shortcut === 'Control+P') await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** The hover of the finding under the cursor (Ctrl+K Ctrl+I), with the rule's message. */
async function showHover(page) {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover', { hasText: 'privileged' }).first();
  await hover.waitFor({ timeout: WAIT_MS });
  // The server's part of the hover (the rule's rationale and fix) and the quick fix status follow.
  await page.locator('.monaco-hover', { hasText: 'Pod Security Standards' }).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-hover', { hasText: 'Checking for quick fixes' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
}

/** The finding count the Kube Aegis status bar item shows ("Kube Aegis <profile>: <count>"). */
async function statusBarCount(page) {
  const item = page.locator('.statusbar-item', { hasText: /Kube Aegis default: \d+/ }).first();
  await item.waitFor({ timeout: WAIT_MS });
  return Number(/(\d+)/.exec(await item.innerText())[1]);
}

/** Ctrl+. lists the code actions; under load the first try can answer "No code actions available". */
async function openQuickFixMenu(page, title = FIX_TITLE) {
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title });
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await item.first().waitFor({ timeout: attempt * 5000 });
      log(`quick fix menu open (attempt ${attempt})`);
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`Ctrl+. did not list "${title}"`);
}

/** Moves the menu's focus down to the item titled `title`. */
async function focusMenuItem(page, title) {
  const rows = page.locator('.action-widget .monaco-list-row');
  for (let step = 0; step < 10; step++) {
    const focused = await rows.evaluateAll((elements) => elements.find((e) => e.classList.contains('focused'))?.textContent ?? '');
    if (focused.includes(title)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not focus "${title}" in the quick fix menu`);
}

async function waitForFile(file, accept) {
  const deadline = Date.now() + WAIT_MS;
  while (!accept(readFileSync(file, 'utf8'))) {
    if (Date.now() > deadline) throw new Error(`${file} was not saved with the fix`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
