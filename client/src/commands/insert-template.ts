/** "Insert Secure Template...": a Quick Pick of the snippet templates, inserted as a snippet. */
import { SnippetString, window, workspace, type ExtensionContext, type QuickPickItem, type TextEditor } from 'vscode';
import { loadTemplates } from '../templates/catalog.js';
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
    if (name !== undefined) void window.showErrorMessage(`Kube Aegis: no template named "${name}".`);
    return undefined;
  }
  const editor = window.activeTextEditor ?? (await newDocumentFor(template));
  const inserted = await editor.insertSnippet(new SnippetString(template.body));
  return inserted ? template.name : undefined;
}

async function pickTemplate(templates: readonly Template[]): Promise<Template | undefined> {
  const items: TemplateItem[] = templates.map((template) => ({
    label: template.name,
    description: template.prefix,
    detail: template.description,
    template,
  }));
  const picked = await window.showQuickPick(items, { title: 'Kube Aegis: Insert Secure Template', matchOnDetail: true, placeHolder: 'Template to insert' });
  return picked?.template;
}

async function newDocumentFor(template: Template): Promise<TextEditor> {
  const document = await workspace.openTextDocument({ language: template.language, content: '' });
  return window.showTextDocument(document);
}
