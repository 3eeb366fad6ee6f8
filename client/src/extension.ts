/** Extension entry point: starts the language server, the commands and the status bar. */
import { window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands/index.js';
import { createLanguageClient } from './language-client.js';
import { SecurityStatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Kube Aegis', { log: true });
  client = createLanguageClient(context, output);
  context.subscriptions.push(output, new SecurityStatusBar());
  registerCommands(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
