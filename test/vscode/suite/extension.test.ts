/**
 * The extension in a real VS Code extension host: diagnostics from the bundled server, quick fixes
 * and fix-all through the code action API, the profile setting, templates, and the workspace scan.
 * The workspace is a fresh copy of test/vscode/fixtures/workspace; its web.yaml is hardened but for
 * a privileged container (line 25) and a missing runAsNonRoot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { expandDefaults, templatesOf } from '../../../client/src/templates/snippet-file.js';
import { DEFAULT_CONFIG, fixAll as engineFixAll } from '../../../server/src/engine/index.js';
import { ALL_RULES } from '../../../server/src/rules/index.js';
import { findingsOf, ruleOf, waitForFindings, waitForRules, without } from './diagnostics.js';

const EXTENSION_ID = 'kube-aegis.kube-aegis';
const FIX_ALL_KIND = 'source.fixAll.kube-aegis';
const PRIVILEGED_LINE = 24;

function workspaceFile(...path: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...path);
}

async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

function template(name: string): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const file = name.startsWith('ABAC') ? 'abac-policy.json' : 'kubernetes.json';
  const found = templatesOf(readFileSync(join(extension.extensionPath, 'snippets', file), 'utf8'), 'yaml').find((t) => t.name === name);
  assert.ok(found, `template ${name}`);
  return found.body;
}

/** Resolves once a tab that `accept`s is open (the Markdown preview opens asynchronously). */
function waitForTab(accept: (tab: vscode.Tab) => boolean): Promise<void> {
  const found = () => vscode.window.tabGroups.all.some((group) => group.tabs.some(accept));
  return new Promise((resolve, reject) => {
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!found()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
      reject(new Error(`no such tab among: ${labels.join(', ')}`));
    }, 30_000);
  });
}

describe('Kube Aegis in the VS Code extension host', () => {
  const web = () => workspaceFile('web.yaml');

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await openEditor(web());
    await extension.activate();
  });

  it('underlines the insecure settings of an opened manifest at their exact place', async () => {
    const findings = await waitForRules(web(), ['privileged-container', 'run-as-non-root']);
    const document = await vscode.workspace.openTextDocument(web());
    const privileged = findings.find((d) => ruleOf(d) === 'privileged-container')!;
    assert.equal(privileged.range.start.line, PRIVILEGED_LINE);
    assert.equal(document.getText(privileged.range), 'true');
    assert.equal(privileged.severity, vscode.DiagnosticSeverity.Error);
  });

  it('re-checks open documents when the profile changes', async () => {
    assert.equal(await vscode.commands.executeCommand('kube-aegis.selectProfile', 'baseline', 'workspace'), 'baseline');
    // run-as-non-root is a restricted control, privileged-container a baseline one.
    await without(web(), ['run-as-non-root'], ['privileged-container']);
    await vscode.commands.executeCommand('kube-aegis.selectProfile', 'default', 'workspace');
    await waitForRules(web(), ['privileged-container', 'run-as-non-root']);
  });

  it('applies a quick fix as a minimal edit; an unsafe one says so and is not preferred', async () => {
    const privileged = findingsOf(web()).find((d) => ruleOf(d) === 'privileged-container')!;
    const actions = await codeActions(web(), privileged.range, vscode.CodeActionKind.QuickFix.value);
    // executeCodeActionProvider returns actions without their diagnostics: the range selects them.
    const fix = actions.find((a) => a.title === 'Set privileged: false (unsafe)');
    assert.ok(fix?.edit, `the unsafe fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(!actions.some((a) => a.isPreferred), 'an unsafe fix is not preferred');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const document = await vscode.workspace.openTextDocument(web());
    assert.equal(document.lineAt(PRIVILEGED_LINE).text, '            privileged: false # needed? no');
    await without(web(), ['privileged-container'], ['run-as-non-root']);
  });

  it('fixes the whole file with the source.fixAll.kube-aegis code action, unsafe fixes included when kubeAegis.fixAll.unsafe is on', async () => {
    const document = await vscode.workspace.openTextDocument(web());
    const fixAllAction = async () => (await codeActions(web(), new vscode.Range(0, 0, document.lineCount, 0), FIX_ALL_KIND)).find((a) => a.kind?.value === FIX_ALL_KIND);
    // runAsNonRoot without a known user is unsafe: fix-all leaves it out by default.
    assert.equal(engineFixAll(document.getText(), ALL_RULES, DEFAULT_CONFIG).text, document.getText());
    assert.equal(await fixAllAction(), undefined, 'nothing safe to fix');
    const settings = vscode.workspace.getConfiguration('kubeAegis');
    await settings.update('fixAll.unsafe', true, vscode.ConfigurationTarget.Global);
    try {
      let fixAll: vscode.CodeAction | undefined;
      // The server hears of the setting through a notification: ask until it answers with it.
      for (let attempt = 0; attempt < 100 && !fixAll; attempt++) {
        fixAll = await fixAllAction();
        if (!fixAll) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(fixAll?.edit, 'a fix-all action once kubeAegis.fixAll.unsafe is on');
      const expected = engineFixAll(document.getText(), ALL_RULES, DEFAULT_CONFIG, { unsafe: true }).text;
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
      assert.equal(document.getText(), expected);
      assert.match(document.getText(), /\n {8}runAsNonRoot: true\n/, 'runAsNonRoot added to the pod securityContext');
      await without(web(), ['privileged-container', 'run-as-non-root']);
    } finally {
      await settings.update('fixAll.unsafe', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('offers "Show documentation" with a command the extension provides', async () => {
    const editor = await openEditor(workspaceFile('worker.yaml'));
    const finding = (await waitForRules(editor.document.uri, ['privileged-container'])).find((d) => ruleOf(d) === 'privileged-container');
    const actions = await codeActions(editor.document.uri, finding!.range, vscode.CodeActionKind.QuickFix.value);
    const documentation = actions.find((a) => a.command && a.title === 'Show documentation for privileged-container');
    assert.ok(documentation?.command, `a documentation action among: ${actions.map((a) => a.title).join(' | ')}`);
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes(documentation.command.command), `${documentation.command.command} is registered`);
    const preview = waitForTab((tab) => /privileged-container/.test(tab.label));
    await vscode.commands.executeCommand(documentation.command.command, ...(documentation.command.arguments ?? []));
    await preview;
  });

  it('shows the Pod Security level above a workload; its command lists the findings and jumps to one', async () => {
    const editor = await openEditor(workspaceFile('worker.yaml'));
    await waitForRules(editor.document.uri, ['privileged-container']);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
    const lens = lenses.find((l) => l.command?.title.startsWith('Pod Security: '));
    assert.ok(lens?.command, `a Pod Security lens among: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    assert.equal(lens.command.title, 'Pod Security: privileged — 1 finding stands in the way of baseline');
    assert.equal(lens.range.start.line, 0);
    assert.ok((await vscode.commands.getCommands(true)).includes(lens.command.command), `${lens.command.command} is registered`);
    // The Quick Pick opens with the finding; accepting it selects the finding in the editor.
    let settled = false;
    const shown = Promise.resolve(vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []))).finally(() => (settled = true));
    for (let attempt = 0; attempt < 100 && !settled; attempt++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await shown;
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), editor.document.uri.toString());
    assert.equal(active.document.getText(active.selection), 'true');
    assert.equal(active.selection.start.line, 10);
  });

  it('inserts a secure template into a new YAML document when no editor is open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand('kube-aegis.insertTemplate', 'Secure Deployment'), 'Secure Deployment');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.languageId, 'yaml');
    assert.equal(editor.document.uri.scheme, 'untitled');
    const text = expandDefaults(template('Secure Deployment'));
    assert.equal(editor.document.getText(), text);

    // The new document is checked like any other: weaken it, then fix it (a safe fix) with the palette command.
    const at = text.indexOf('allowPrivilegeEscalation: false') + 'allowPrivilegeEscalation: '.length;
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'false'.length));
    assert.ok(await editor.edit((edit) => edit.replace(range, 'true')));
    await waitForRules(editor.document.uri, ['privilege-escalation']);
    assert.equal(await vscode.commands.executeCommand('kube-aegis.fixAll'), 1);
    assert.equal(editor.document.getText(), text);
    await waitForFindings(editor.document.uri, (findings) => findings.length === 0, 'no findings');
  });

  it('inserts a block template at the cursor, indented where it lands', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'spec:\n  ' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await vscode.commands.executeCommand('kube-aegis.insertTemplate', 'ka-container-security-context');
    const lines = document.getText().split('\n');
    assert.deepEqual(lines.slice(0, 4), ['spec:', '  securityContext:', '    allowPrivilegeEscalation: false', '    privileged: false']);
  });

  it('scans every manifest of the workspace, except node_modules, into the Problems panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const vendored = workspaceFile('node_modules', 'chart', 'pod.yaml');
    await vscode.workspace.fs.writeFile(vendored, await vscode.workspace.fs.readFile(workspaceFile('worker.yaml')));
    const cronjob = workspaceFile('jobs', 'cleanup.yml');
    const summary = await vscode.commands.executeCommand<{ files: number; scanned: number; skipped: unknown[]; cancelled: boolean; message: string }>('kube-aegis.scanWorkspace');
    assert.deepEqual([summary.files, summary.scanned, summary.skipped, summary.cancelled], [3, 3, [], false], summary.message);
    assert.match(summary.message, /^Kube Aegis: checked 3 manifest files: \d+ findings; see the Problems panel\.$/);
    await waitForRules(cronjob, ['privileged-container']);
    assert.deepEqual(findingsOf(vendored), []);
  });
});
