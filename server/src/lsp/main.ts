/**
 * Entry point of the language server (`dist/server.js`). The transport comes from the command
 * line: `--stdio` for editors such as Neovim and Helix, `--node-ipc` for the VS Code client.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
// `kube-aegis lsp` with no transport named means stdio, what editors other than VS Code speak.
if (!process.argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg.startsWith(flag)))) process.argv.push('--stdio');

startServer(createConnection(ProposedFeatures.all));
