/**
 * A language server that crashes is started again by the client, and the user's unsaved text
 * survives: the restarted server checks the editor's text, not the file on disk. Both servers
 * run with the extension's Node flags.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS } from '../../../client/src/server-process.js';
import { waitForFindings, waitForRules } from './diagnostics.js';

const EXTENSION_ID = 'kube-aegis.kube-aegis';

interface ServerProcess {
  readonly pid: number;
  readonly commandLine: readonly string[];
}

/** This extension host's child processes running the bundled server (Linux `/proc`). */
function serverProcesses(): ServerProcess[] {
  const found: ServerProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (command) state ppid ...`: the command may hold spaces, so read after its `)`.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parent === process.pid && commandLine.some((arg) => arg.endsWith('dist/server.js'))) found.push({ pid: Number(entry), commandLine });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe('Kube Aegis after its language server crashes', function () {
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it('restarts the server, which checks the unsaved text of the open document', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests run with the fixture workspace open');
    const uri = vscode.Uri.joinPath(folder.uri, 'worker.yaml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForRules(uri, ['privileged-container']);

    // An unsaved edit only the editor knows: the pod joins the node's network.
    const spec = editor.document.getText().indexOf('spec:\n') + 'spec:\n'.length;
    assert.ok(await editor.edit((edit) => edit.insert(editor.document.positionAt(spec), '  hostNetwork: true\n')));
    const unsaved = editor.document.getText();
    await waitForRules(uri, ['host-namespaces', 'privileged-container']);

    const [crashed, ...others] = serverProcesses();
    assert.ok(crashed !== undefined && others.length === 0, `one server process, found: ${[crashed, ...others].map((p) => p?.pid).join(', ')}`);
    for (const flag of SERVER_NODE_FLAGS) assert.ok(crashed.commandLine.includes(flag), `${flag} in ${crashed.commandLine.join(' ')}`);
    // The client drops the crashed server's diagnostics, then the new server publishes its own.
    const cleared = waitForFindings(uri, (findings) => findings.length === 0, 'the diagnostics of the crashed server to clear');
    process.kill(crashed.pid, 'SIGKILL');
    await cleared;
    await waitForRules(uri, ['host-namespaces', 'privileged-container']);

    const restarted = serverProcesses();
    assert.equal(restarted.length, 1, `one server process, found: ${restarted.map((p) => p.pid).join(', ')}`);
    assert.notEqual(restarted[0]!.pid, crashed.pid);
    for (const flag of SERVER_NODE_FLAGS) assert.ok(restarted[0]!.commandLine.includes(flag), `${flag} in ${restarted[0]!.commandLine.join(' ')}`);
    assert.equal(editor.document.getText(), unsaved);
    assert.ok(editor.document.isDirty, 'the edit is still unsaved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
