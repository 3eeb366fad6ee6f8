/** Starts the bundled language server (dist/server.js) over Node IPC. */
import { workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, CONFIG_SECTION, DOCUMENT_SELECTOR } from './constants.js';
import { SERVER_NODE_FLAGS } from './server-process.js';

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: CONFIG_SECTION },
    outputChannel: output,
    // Hovers link to the bundled rule page through this command, as the quick fix does. Charts and
    // kustomizations are rendered by running helm and kustomize: never in Restricted Mode.
    initializationOptions: { commandLinks: true, workspaceTrusted: workspace.isTrusted },
    markdown: { isTrusted: { enabledCommands: [COMMANDS.showRuleDocumentation] } },
  };
  const client = new LanguageClient('kubeAegis', 'Kube Aegis', serverOptions, clientOptions);
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification('kubeAegis/workspaceTrusted')));
  return client;
}
