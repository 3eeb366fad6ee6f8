/**
 * The display language reaches every layer: the manifest (its `%key%` references resolved from
 * package.nls.<locale>.json), the client (its l10n bundle) and the language server (the locale the
 * client sends at initialize). Checks Chinese when the workbench's display language is Simplified
 * Chinese, English otherwise.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleOf, waitForFindings } from './diagnostics.js';

const EXTENSION_ID = 'kube-aegis.kube-aegis';
const chinese = /^zh-(cn|hans)/i.test(vscode.env.language);

function commandTitle(command: string): string {
  const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string; title: string }[];
  return commands.find((entry) => entry.command === command)!.title;
}

describe(`Kube Aegis in a ${chinese ? 'Simplified Chinese' : 'English'} workbench`, () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('titles the commands from package.nls', () => {
    assert.equal(commandTitle('kube-aegis.fixAll'), chinese ? 'Kube Aegis：修复文件中的所有安全问题' : 'Kube Aegis: Fix All Security Issues in File');
  });

  it('reports findings in the display language', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'web.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const findings = await waitForFindings(uri, (all) => all.some((d) => ruleOf(d) === 'privileged-container'), 'privileged-container');
    const message = findings.find((d) => ruleOf(d) === 'privileged-container')!.message;
    if (chinese) assert.match(message, /^容器 "[^"]+" 以特权方式运行：它可以完全访问节点。$/);
    else assert.match(message, /^Container "[^"]+" runs privileged: it has full access to the node\.$/);
  });
});
