/**
 * "Show Rule Documentation": the rule's page from the extension's docs/rules/, in a Markdown
 * preview. Without a rule id, a Quick Pick of the rules with their titles, the rules of the
 * findings under the cursor first and preselected.
 */
import { commands, env, FileType, l10n, languages, Uri, window, workspace, type ExtensionContext, type QuickPickItem } from 'vscode';
import { ruleDocUrl } from '../../../server/src/engine/rule.js';
import { DIAGNOSTIC_SOURCE } from '../constants.js';

const DOCS_FOLDER = 'docs/rules';

interface RuleItem extends QuickPickItem {
  readonly id: string;
}

export async function showRuleDocumentation(context: ExtensionContext, ruleId?: unknown): Promise<void> {
  const id = typeof ruleId === 'string' ? ruleId : await pickRule(context);
  if (!id) return;
  const chinese = isChinese(env.language);
  // The Simplified Chinese page when the display language is Chinese and the page exists, else the English one.
  const translated = chinese ? Uri.joinPath(context.extensionUri, DOCS_FOLDER, 'zh-cn', `${id}.md`) : undefined;
  const page = translated && (await exists(translated)) ? translated : Uri.joinPath(context.extensionUri, DOCS_FOLDER, `${id}.md`);
  if (await exists(page)) await commands.executeCommand('markdown.showPreview', page);
  else await env.openExternal(Uri.parse(ruleDocUrl(id, chinese ? 'zh-cn' : 'en')));
}

async function pickRule(context: ExtensionContext): Promise<string | undefined> {
  const here = rulesUnderCursor();
  const items = (await documentedRules(context)).sort((a, b) => Number(here.has(b.id)) - Number(here.has(a.id)));
  const quickPick = window.createQuickPick<RuleItem>();
  quickPick.title = l10n.t('Kube Aegis: Rule Documentation');
  quickPick.placeholder = l10n.t('Rule');
  quickPick.matchOnDescription = true;
  quickPick.items = items;
  quickPick.activeItems = items.filter((item) => here.has(item.id)).slice(0, 1);
  const picked = await new Promise<RuleItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return picked?.id;
}

/** The rules of our findings at the active editor's cursor. */
function rulesUnderCursor(): Set<string> {
  const editor = window.activeTextEditor;
  if (!editor) return new Set();
  const cursor = editor.selection.active;
  return new Set(
    languages
      .getDiagnostics(editor.document.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(cursor))
      .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)),
  );
}

/** The rules with a page, labelled with their titles (the page's bold first line). */
async function documentedRules(context: ExtensionContext): Promise<RuleItem[]> {
  const folder = Uri.joinPath(context.extensionUri, DOCS_FOLDER);
  try {
    const entries = await workspace.fs.readDirectory(folder);
    const ids = entries
      .filter(([name, type]) => type === FileType.File && name.endsWith('.md') && name !== 'README.md')
      .map(([name]) => name.slice(0, -'.md'.length))
      .sort();
    return Promise.all(
      ids.map(async (id) => {
        const text = new TextDecoder().decode(await workspace.fs.readFile(Uri.joinPath(folder, `${id}.md`)));
        const title = /^\*\*(.+)\*\*$/m.exec(text)?.[1] ?? id;
        return { id, label: title, description: id };
      }),
    );
  } catch {
    return [];
  }
}

/** VS Code's display language `zh-cn` (or `zh-CN`, `zh-hans`): Simplified Chinese. */
export function isChinese(language: string): boolean {
  return /^zh-(cn|hans|sg)/i.test(language);
}

async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
