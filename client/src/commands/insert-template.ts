/** "Insert Secure Template...": a Quick Pick of the snippet templates, inserted as a snippet. */
import { l10n, SnippetString, window, workspace, type ExtensionContext, type QuickPickItem, type TextEditor } from 'vscode';
import { displayedTemplate, loadTemplates } from '../templates/catalog.js';
import { documentSeparator, isWholeObject, withDocumentDefaults } from '../templates/placement.js';
import type { Template } from '../templates/snippet-file.js';

interface TemplateItem extends QuickPickItem {
  readonly template: Template;
}

/**
 * Inserts the template named `name` (for scripts and tests), or the one the user picks.
 * Returns the template inserted, if any.
 */
export async function insertTemplate(context: ExtensionContext, name?: string): Promise<string | undefined> {
  const templates = await loadTemplates(context);
  const template = name === undefined ? await pickTemplate(templates) : templates.find((t) => t.name === name || t.prefix === name);
  if (!template) {
    if (name !== undefined) void window.showErrorMessage(l10n.t('Kube Aegis: no template named "{0}".', name));
    return undefined;
  }
  const editor = window.activeTextEditor ?? (await newDocumentFor(template));
  const inserted = await insertInto(editor, template);
  return inserted ? template.name : undefined;
}

/**
 * A whole object goes at the end of a non-empty document, as a new YAML document; a block
 * (a securityContext) goes at the cursor. Placeholders start as the file's namespace and labels.
 */
async function insertInto(editor: TextEditor, template: Template): Promise<boolean> {
  const text = editor.document.getText();
  const body = template.language === 'yaml' ? withDocumentDefaults(template.body, text) : template.body;
  const separator = template.language === 'yaml' && isWholeObject(body) ? documentSeparator(text) : undefined;
  if (separator === undefined) return editor.insertSnippet(new SnippetString(body));
  const end = editor.document.positionAt(text.length);
  const snippet = new SnippetString();
  snippet.appendText(separator);
  snippet.value += body;
  // The snippet's first placeholder takes the cursor there.
  return editor.insertSnippet(snippet, end);
}

async function pickTemplate(templates: readonly Template[]): Promise<Template | undefined> {
  const items: TemplateItem[] = templates.map((template) => {
    const shown = displayedTemplate(template);
    return { label: shown.name, description: template.prefix, detail: shown.description, template };
  });
  const picked = await window.showQuickPick(items, { title: l10n.t('Kube Aegis: Insert Secure Template'), matchOnDetail: true, placeHolder: l10n.t('Template to insert') });
  return picked?.template;
}

async function newDocumentFor(template: Template): Promise<TextEditor> {
  const document = await workspace.openTextDocument({ language: template.language, content: '' });
  return window.showTextDocument(document);
}
