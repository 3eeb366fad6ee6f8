/**
 * Entry point of the language server (`dist/server.js`). The transport comes from the command
 * line: `--stdio` for editors such as Neovim and Helix, `--node-ipc` for the VS Code client.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

startServer(createConnection(ProposedFeatures.all));
