/**
 * Entry point of the language server (`dist/server.js`). The transport comes from the command
 * line: `--stdio` for editors such as Neovim and Helix, `--node-ipc` for the VS Code client.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { diagnosticsEncoder } from './message-encoder.js';
import { oneWritePerMessage } from './message-stream.js';
import { startServer } from './server.js';

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
// `kube-aegis lsp` with no transport named means stdio, what editors other than VS Code speak.
if (!process.argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg.startsWith(flag)))) process.argv.push('--stdio');

// A stray rejection must not stop the server (Node exits on unhandled rejections by default).
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`kube-aegis language server: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
});

let shutdownReceived = false;
const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
startServer(connection, { shutdown: () => (shutdownReceived = true) });

/**
 * Over stdio, messages are written by our encoder (message-encoder.ts: the same bytes, less work
 * for large lists of diagnostics), each header and content in one write (message-stream.ts). What the connection does for `--stdio` otherwise is done here:
 * the process ends when the client closes the stream, and what it writes to the console goes to
 * the client's log instead of into the protocol's stream.
 */
function stdioConnection(): Connection {
  const created = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(oneWritePerMessage(process.stdout), { contentTypeEncoder: diagnosticsEncoder() }));
  const end = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  const log = (write: (message: string) => void) => (...args: unknown[]) => write(format(...args));
  console.log = console.info = console.debug = log((message) => created.console.log(message));
  console.warn = log((message) => created.console.warn(message));
  console.error = log((message) => created.console.error(message));
  return created;
}
