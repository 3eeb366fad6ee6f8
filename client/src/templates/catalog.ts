/** The secure templates: the snippet files this extension contributes, read at run time. */
import { l10n, Uri, workspace, type ExtensionContext } from 'vscode';
import { templatesOf, type Template } from './snippet-file.js';

interface SnippetContribution {
  readonly language: string;
  readonly path: string;
}

export async function loadTemplates(context: ExtensionContext): Promise<Template[]> {
  const contributions: SnippetContribution[] = context.extension.packageJSON?.contributes?.snippets ?? [];
  const files = await Promise.all(
    contributions.map(async ({ language, path }) => {
      const bytes = await workspace.fs.readFile(Uri.joinPath(context.extensionUri, path));
      return templatesOf(new TextDecoder().decode(bytes), language);
    }),
  );
  return files.flat();
}

/**
 * What the Quick Pick shows of a template, in the display language. VS Code hands over the snippet
 * file of its display language (package.nls names one per language); a name or description read
 * from the English file, as with a display language we have no files for, is looked up in the
 * client bundle, and a text already translated has no entry there and stays as it is.
 */
export function displayedTemplate(template: Template): { readonly name: string; readonly description: string } {
  return {
    name: l10n.t(template.name),
    description: template.description === '' ? '' : l10n.t(template.description),
  };
}
