/** "Show Rule Documentation": the rule's page from the extension's docs/rules/, in a Markdown preview. */
import { commands, env, Uri, window, workspace, FileType, type ExtensionContext } from 'vscode';
import { ruleDocUrl } from '../../../server/src/engine/rule.js';

const DOCS_FOLDER = 'docs/rules';

export async function showRuleDocumentation(context: ExtensionContext, ruleId?: unknown): Promise<void> {
  const id = typeof ruleId === 'string' ? ruleId : await pickRule(context);
  if (!id) return;
  const page = Uri.joinPath(context.extensionUri, DOCS_FOLDER, `${id}.md`);
  if (await exists(page)) await commands.executeCommand('markdown.showPreview', page);
  else await env.openExternal(Uri.parse(ruleDocUrl(id)));
}

async function pickRule(context: ExtensionContext): Promise<string | undefined> {
  const ids = await documentedRules(context);
  return window.showQuickPick(ids, { title: 'Kube Aegis: Rule Documentation', placeHolder: 'Rule id' });
}

async function documentedRules(context: ExtensionContext): Promise<string[]> {
  try {
    const entries = await workspace.fs.readDirectory(Uri.joinPath(context.extensionUri, DOCS_FOLDER));
    return entries
      .filter(([name, type]) => type === FileType.File && name.endsWith('.md') && name !== 'README.md')
      .map(([name]) => name.slice(0, -'.md'.length))
      .sort();
  } catch {
    return [];
  }
}

async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
