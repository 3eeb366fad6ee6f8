/**
 * What the editor says, checked in a real extension host: the Problems panel holds every
 * manifest of the workspace whatever tabs are open, and follows .kube-aegis.yaml; configuration
 * mistakes show on the file unopened, in the status bar, with a quick fix and completion;
 * templates land as new documents; the status bar names the profile's source and says when a
 * YAML file is no manifest; the quick-fix menu lists fixes first and one fix-all; Fix All is
 * one undo step and keeps the cursor.
 *
 * Runs after extension.test.ts; it writes its own files under team/ and removes them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubeAegisApi } from '../../../client/src/extension.js';
import { findingsOf, ruleOf, waitForFindings, waitForRules, without } from './diagnostics.js';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: team-a
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
          securityContext:
            privileged: true
        - name: web
          image: registry.example.com/web:1.0
`;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n';
/**
 * The line of `- name: web`, where several findings stack, one of them with a safe fix (the
 * privileged `api` container's findings have unsafe fixes only).
 */
const NAME_LINE = 17;

function file(...path: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path);
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function api(): Promise<KubeAegisApi> {
  const extension = vscode.extensions.getExtension<KubeAegisApi>('kube-aegis.kube-aegis')!;
  return extension.isActive ? extension.exports : extension.activate();
}

/** The status bar item's look once it rendered for the active editor. */
async function statusBar(): Promise<{ text: string; tooltip: string; warning: boolean }> {
  const { statusBar } = await api();
  await statusBar.render();
  assert.ok(statusBar.shown, 'the status bar item is shown');
  return statusBar.shown;
}

/** Accepts the focused item of each Quick Pick `command` shows, until it settles. */
async function acceptQuickPicks<T>(command: Thenable<T>): Promise<T> {
  let settled = false;
  const done = Promise.resolve(command).finally(() => (settled = true));
  for (let attempt = 0; attempt < 100 && !settled; attempt++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done;
}

describe('The editor tells the truth', () => {
  const app = () => file('team', 'app.yaml');
  const namespace = () => file('team', 'namespace.yaml');
  const config = () => file('team', '.kube-aegis.yaml');

  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await write(app(), APP);
    await write(namespace(), NAMESPACE);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file('team'), { recursive: true });
  });

  it('reports files that were never opened, cross-file findings included', async () => {
    await waitForRules(app(), ['privileged-container', 'run-as-non-root', 'pod-not-isolated']);
    await waitForRules(namespace(), ['namespace-network-policy', 'namespace-pod-security-labels']);
  });

  it('keeps a file\'s findings in the Problems panel when its tab closes', async () => {
    await vscode.window.showTextDocument(app());
    const open = (await waitForRules(app(), ['privileged-container'])).length;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The workspace report takes over: the same findings, never none.
    const subscription = vscode.languages.onDidChangeDiagnostics(() => assert.notEqual(findingsOf(app()).length, 0, 'findings vanished on close'));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(findingsOf(app()).length, open);
    } finally {
      subscription.dispose();
    }
  });

  it('follows a change of .kube-aegis.yaml in files that are not open', async () => {
    await write(config(), 'profile: baseline\n');
    await without(app(), ['run-as-non-root'], ['privileged-container']);
  });

  it('reports a configuration mistake on the file unopened, keeps the valid settings, and warns in the status bar', async () => {
    await write(config(), 'profile: baseline\nrules:\n  privileged-containers: off\n');
    const problems = await waitForFindings(config(), (found) => found.some((d) => ruleOf(d) === 'config'), 'configuration problems');
    assert.deepEqual(problems.map((d) => d.message), ['rules: unknown rule "privileged-containers"; did you mean "privileged-container"?']);
    // profile: baseline still applies; the misspelt rule setting does not.
    await without(app(), ['run-as-non-root'], ['privileged-container']);
    await vscode.window.showTextDocument(app());
    const look = await statusBar();
    assert.equal(look.warning, true);
    assert.match(look.text, /Kube Aegis: configuration error/);
    assert.match(look.tooltip, /\.kube-aegis\.yaml has 1 mistake/);
  });

  it('offers "did you mean" as a quick fix, and completes rule ids in .kube-aegis.yaml', async () => {
    const editor = await vscode.window.showTextDocument(config());
    const problem = (await waitForFindings(config(), (found) => found.length > 0, 'configuration problems'))[0]!;
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config(), problem.range)) ?? [];
    const fix = actions.find((a) => a.title === 'Change to "privileged-container"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(2).text, '  privileged-container: off');
    await waitForFindings(config(), (found) => found.length === 0, 'no configuration problem');
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', config(), new vscode.Position(2, 2));
    const labels = completions.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('run-as-non-root') && labels.includes('privileged-container'), labels.slice(0, 20).join());
    await editor.document.save();
    await without(app(), ['privileged-container', 'run-as-non-root']);
    // Emptied rather than deleted: the editor still holds the file, and its text is what applies.
    await write(config(), '');
    await waitForRules(app(), ['privileged-container', 'run-as-non-root']);
  });

  it('names the profile and its source in the status bar, and says when YAML is no manifest', async () => {
    await vscode.window.showTextDocument(app());
    await waitForRules(app(), ['privileged-container']);
    let look = await statusBar();
    assert.match(look.text, /^\$\(shield\) Kube Aegis default: \d+$/);
    assert.match(look.tooltip, /Profile default \(from the default\)/);
    await write(config(), 'profile: baseline\n');
    await without(app(), ['run-as-non-root'], ['privileged-container']);
    look = await statusBar();
    assert.match(look.text, /Kube Aegis baseline: \d+/);
    assert.match(look.tooltip, /from \.kube-aegis\.yaml/);
    await write(config(), '');
    const compose = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'services:\n  web:\n    image: nginx\n' });
    await vscode.window.showTextDocument(compose);
    look = await statusBar();
    assert.equal(look.text, 'Kube Aegis: not a manifest');
  });

  it('inserts a whole-object template as a new document, in the file\'s namespace', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: APP });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('kube-aegis.insertTemplate', 'NetworkPolicy: default deny');
    const text = document.getText();
    assert.ok(text.startsWith(`${APP}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n`), text);
    assert.match(text, /\n---\n[\s\S]*namespace: team-a\n/);
  });

  it('lists fixes first and one "fix all" in the quick-fix menu; the hover lists stacked findings one line each', async () => {
    const editor = await vscode.window.showTextDocument(app());
    const stacked = (await waitForRules(app(), ['run-as-non-root'])).filter((d) => d.range.start.line === NAME_LINE);
    assert.ok(stacked.length >= 4, stacked.map(ruleOf).join());
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', app(), stacked[0]!.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    const firstIgnore = titles.findIndex((t) => t.startsWith('Ignore '));
    const lastFix = titles.map((t, i) => (!t.startsWith('Ignore ') && !t.startsWith('Show documentation') ? i : -1)).reduce((a, b) => Math.max(a, b));
    assert.ok(lastFix < firstIgnore, titles.join(' | '));
    assert.equal(titles.filter((t) => t === 'Fix all auto-fixable problems in this file').length, 1, titles.join(' | '));
    assert.ok(actions[0]!.isPreferred, `the first row is a safe fix: ${titles[0]}`);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', app(), new vscode.Position(NAME_LINE, 12))) ?? [];
    const markdown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).find((v) => v.includes('findings here'));
    assert.ok(markdown, 'a hover of stacked findings');
    assert.equal(markdown.split('\n').filter((line) => line.startsWith('- ')).length, stacked.length);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
  });

  it('asks whether to save the profile for the workspace or the user', async () => {
    const accepted = acceptQuickPicks(vscode.commands.executeCommand<string | undefined>('kube-aegis.selectProfile', 'restricted'));
    assert.equal(await accepted, 'restricted');
    const inspected = vscode.workspace.getConfiguration('kubeAegis').inspect<string>('profile');
    // "This workspace" is the first choice: the setting lands in the workspace, not the user settings.
    assert.deepEqual([inspected?.workspaceValue, inspected?.globalValue], ['restricted', undefined]);
    await vscode.workspace.getConfiguration('kubeAegis').update('profile', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('preselects the rule under the cursor in the documentation picker, listed by title', async () => {
    const editor = await vscode.window.showTextDocument(app());
    const privileged = (await waitForRules(app(), ['privileged-container'])).find((d) => ruleOf(d) === 'privileged-container')!;
    editor.selection = new vscode.Selection(privileged.range.start, privileged.range.start);
    await acceptQuickPicks(vscode.commands.executeCommand('kube-aegis.showRuleDocumentation'));
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
    for (let attempt = 0; attempt < 100 && !tabs().some((label) => label.includes('privileged-container')); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(tabs().some((label) => label.includes('privileged-container')), tabs().join(', '));
  });

  it('applies Fix All as one undo step, keeps the cursor, and counts the fixes', async () => {
    const editor = await vscode.window.showTextDocument(app());
    await waitForRules(app(), ['privileged-container']);
    const before = editor.document.getText();
    editor.selection = new vscode.Selection(3, 4, 3, 4); // on "api" of metadata.name, above every fix
    const applied = await vscode.commands.executeCommand<number>('kube-aegis.fixAll');
    assert.ok(applied >= 1, `fixes applied: ${applied}`);
    assert.notEqual(editor.document.getText(), before);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [3, 4]);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
