/** Extension entry point: starts the language server, the commands and the status bar. */
import { window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands/index.js';
import { createLanguageClient } from './language-client.js';
import { SecurityStatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

/** What the extension hands to other extensions (and its tests). */
export interface KubeAegisApi {
  readonly statusBar: SecurityStatusBar;
}

export async function activate(context: ExtensionContext): Promise<KubeAegisApi> {
  const output = window.createOutputChannel('Kube Aegis', { log: true });
  client = createLanguageClient(context, output);
  const statusBar = new SecurityStatusBar(client);
  context.subscriptions.push(output, statusBar);
  registerCommands(context, client);
  await client.start();
  await statusBar.render();
  return { statusBar };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
