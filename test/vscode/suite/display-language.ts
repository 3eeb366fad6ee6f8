/**
 * The display language reaches every layer of the extension, checked in one language per pass:
 * VS Code's own (`vscode.env.language`), the manifest (its `%key%` references resolved by VS Code
 * from package.nls.<locale>.json), the client (`vscode.l10n.t` and its bundle in client/l10n/)
 * and the language server (the locale the client sends at initialize).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KubeAegisApi } from '../../../client/src/extension.js';
import { ruleOf, waitForFindings } from './diagnostics.js';

const EXTENSION_ID = 'kube-aegis.kube-aegis';

interface Expectations {
  /** How `describe` names the workbench. */
  name: string;
  /** The file VS Code takes the manifest's texts from. */
  manifestTexts: string;
  /** The client's bundle of `vscode.l10n.t` texts; English is the key itself. */
  clientBundle?: string;
  /** The message of a privileged container. */
  privileged: RegExp;
}

const EXPECTATIONS: Record<string, Expectations> = {
  en: {
    name: 'an English workbench',
    manifestTexts: 'package.nls.json',
    privileged: /^Container "[^"]+" runs privileged: it has full access to the node\.$/,
  },
  'zh-cn': {
    name: 'a Simplified Chinese workbench',
    manifestTexts: 'package.nls.zh-cn.json',
    clientBundle: 'client/l10n/bundle.l10n.zh-cn.json',
    privileged: /^容器 "[^"]+" 以特权方式运行：它可以完全访问节点。$/,
  },
};

function extension(): vscode.Extension<KubeAegisApi> {
  return vscode.extensions.getExtension<KubeAegisApi>(EXTENSION_ID)!;
}

function readJson(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(extension().extensionPath, file), 'utf8'));
}

/**
 * A command's title or category as VS Code resolves it: a string, or, when the translation differs
 * from the English text, both (the Command Palette shows the translation and matches either).
 */
type CommandText = string | { value: string; original: string };

/** The manifest as VS Code shows it: the extension's package.json with its `%key%` texts resolved. */
function manifest(): { contributes: { commands: { command: string; title: CommandText }[]; configuration: { properties: Record<string, { description?: string }> }; snippets: { language: string; path: string }[] } } {
  return extension().packageJSON;
}

/** Checks that the extension speaks `language`, the display language VS Code was started with. */
export function describeDisplayLanguage(language: keyof typeof EXPECTATIONS): void {
  const expected = EXPECTATIONS[language]!;

  describe(`Kube Aegis in ${expected.name}`, () => {
    before(async () => {
      // Everything else is meaningless if VS Code fell back to English.
      assert.equal(vscode.env.language, language, 'the display language of VS Code');
      await extension().activate();
    });

    it(`takes command titles and setting descriptions from ${expected.manifestTexts}`, () => {
      const texts = readJson(expected.manifestTexts);
      const english = readJson('package.nls.json');
      const { title } = manifest().contributes.commands.find((entry) => entry.command === 'kube-aegis.fixAll')!;
      const key = 'command.kube-aegis.fixAll.title';
      if (language === 'en') assert.equal(title, english[key]);
      else assert.deepEqual(title, { value: texts[key], original: english[key] });
      const profile = manifest().contributes.configuration.properties['kubeAegis.profile']!;
      assert.equal(profile.description, texts['configuration.kubeAegis.profile.description']);
    });

    it('shows the client\'s texts (vscode.l10n.t) in the display language', async () => {
      const english = 'Kube Aegis: not a manifest';
      const translated = expected.clientBundle ? readJson(expected.clientBundle)[english] : english;
      assert.ok(translated, `${expected.clientBundle} translates "${english}"`);
      const compose = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'services:\n  web:\n    image: nginx\n' });
      await vscode.window.showTextDocument(compose);
      const { statusBar } = await extension().activate();
      await statusBar.render();
      assert.equal(statusBar.shown?.text, translated);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it(`offers the secure templates as snippets from ${expected.manifestTexts}'s snippet files`, async () => {
      const key = 'snippets.kubernetes.path';
      const { path } = manifest().contributes.snippets.find((entry) => entry.language === 'yaml')!;
      assert.equal(path, readJson(expected.manifestTexts)[key] ?? readJson('package.nls.json')[key]);
      const deployment = Object.values(readJson(path) as unknown as Record<string, { prefix: string; description: string }>).find((s) => s.prefix === 'ka-deployment')!;
      const draft = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'ka-deploy' });
      // VS Code reads an extension's snippet files in the background: ask again until they are in.
      let item: vscode.CompletionItem | undefined;
      let offered = 0;
      for (const deadline = Date.now() + 20_000; !item && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
        const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draft.uri, new vscode.Position(0, 9));
        offered = completions.items.length;
        item = completions.items.find((c) => (typeof c.label === 'string' ? c.label : c.label.label) === 'ka-deployment');
      }
      assert.ok(item, `a ka-deployment completion among ${offered}`);
      // VS Code adds the extension's name after the description: "<description> (Kube Aegis)".
      assert.ok(item.detail?.startsWith(deployment.description), `${item.detail} shows ${deployment.description}`);
    });

    it('reports findings in the display language', async () => {
      const folder = vscode.workspace.workspaceFolders![0]!;
      const uri = vscode.Uri.joinPath(folder.uri, 'web.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const findings = await waitForFindings(uri, (all) => all.some((d) => ruleOf(d) === 'privileged-container'), 'privileged-container');
      assert.match(findings.find((d) => ruleOf(d) === 'privileged-container')!.message, expected.privileged);
    });
  });
}
