/** The secure templates: the snippet files this extension contributes, read at run time. */
import { Uri, workspace, type ExtensionContext } from 'vscode';
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
