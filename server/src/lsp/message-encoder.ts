/**
 * Writes outgoing messages on stream transports (stdio, sockets, pipes) as vscode-jsonrpc would
 * (`JSON.stringify`, UTF-8: the same bytes), cheaper for what a large manifest sends after every
 * edit, its hundreds of diagnostics:
 *
 * - each diagnostic's JSON is kept with it: a diagnostic is never changed once made, and a
 *   document's next version reuses those that read the same (`findingDiagnostics`), so an edit
 *   writes the JSON of the few that changed;
 * - a message with diagnostics is written into one buffer kept between messages, instead of a new
 *   string and a new buffer of the whole message each time (hundreds of KB that V8 maps afresh).
 *   The writer sends one message at a time and waits until its bytes are handed to the system
 *   before it encodes the next, so the buffer is free again by then.
 */
import type { Message } from 'vscode-languageserver/node';

interface ContentTypeEncoder {
  readonly name: string;
  encode(message: Message, options: { charset: string }): Promise<Uint8Array>;
}

/** Messages with fewer diagnostics are encoded as vscode-jsonrpc does. */
const SMALL_LIST = 32;
/** Stands for the list of diagnostics in the JSON of the rest of the message; no URI or text holds a NUL. */
const MARKER = '\u0000kube-aegis-diagnostics\u0000';
const MARKER_JSON = JSON.stringify(MARKER);

export function diagnosticsEncoder(): ContentTypeEncoder {
  const jsonOf = new WeakMap<object, string>();
  let buffer = Buffer.allocUnsafe(0);
  /** Writes `text` at `at` (after a comma with `comma`), growing the buffer as needed; the offset after it. */
  const write = (text: string, at: number, comma = false): number => {
    // Room for the longest UTF-8 the text can make: three bytes per UTF-16 unit.
    const needed = at + 1 + text.length * 3;
    if (needed > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2, 64 * 1024));
      buffer.copy(grown, 0, 0, at);
      buffer = grown;
    }
    if (comma) buffer[at++] = 0x2c;
    return at + buffer.write(text, at, 'utf8');
  };
  return {
    name: 'application/json',
    encode(message, options) {
      const list = diagnosticsOf(message);
      if (!list || list.length < SMALL_LIST || options.charset !== 'utf-8') {
        return Promise.resolve(Buffer.from(JSON.stringify(message, undefined, 0), options.charset as BufferEncoding));
      }
      const rest = JSON.stringify(message, (_key, value: unknown) => (value === list ? MARKER : value));
      const split = rest.indexOf(MARKER_JSON);
      let at = write(rest.slice(0, split), 0);
      at = write('[', at);
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        let json = typeof item === 'object' && item !== null ? jsonOf.get(item) : undefined;
        if (json === undefined) {
          json = JSON.stringify(item) ?? 'null';
          if (typeof item === 'object' && item !== null) jsonOf.set(item, json);
        }
        at = write(json, at, i > 0);
      }
      at = write(']', at);
      at = write(rest.slice(split + MARKER_JSON.length), at);
      return Promise.resolve(buffer.subarray(0, at));
    },
  };
}

/**
 * The diagnostics a message carries: those of a `publishDiagnostics` notification, or the items
 * of a full pulled report.
 */
function diagnosticsOf(message: Message): readonly unknown[] | undefined {
  const { method, params, result } = message as { method?: unknown; params?: { diagnostics?: unknown }; result?: { kind?: unknown; items?: unknown } };
  if (method === 'textDocument/publishDiagnostics') return Array.isArray(params?.diagnostics) ? params.diagnostics : undefined;
  if (result && typeof result === 'object' && result.kind === 'full' && Array.isArray(result.items)) return result.items;
  return undefined;
}
