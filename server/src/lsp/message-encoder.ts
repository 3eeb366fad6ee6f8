/**
 * Writes outgoing messages on stream transports (stdio, sockets, pipes) as vscode-jsonrpc would
 * (`JSON.stringify`, UTF-8: the same bytes), cheaper for what a large manifest sends after every
 * edit, its hundreds of diagnostics:
 *
 * - each diagnostic's JSON is kept with it: a diagnostic is never changed once made, and a
 *   document's next version reuses those that read the same (`findingDiagnostics`), so an edit
 *   writes the JSON of the few that changed;
 * - a message with diagnostics is written into one of two buffers kept between messages, instead
 *   of a new string and a new buffer of the whole message each time (hundreds of KB that V8 maps
 *   afresh), and the diagnostics that went out in the last message, in the same order, are
 *   copied from its buffer a run at a time rather than encoded again one by one. The writer
 *   sends one message at a time and waits until its bytes are handed to the system before it
 *   encodes the next, so the buffer written two messages ago is free again by then.
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

/** A message written into a buffer, with where each of its diagnostics' JSON is. */
class Written {
  buffer = Buffer.allocUnsafe(0);
  items: readonly unknown[] = [];
  /** Offsets in `buffer` of the JSON of `items[i]`: from `starts[i]` to `ends[i]`. */
  starts: number[] = [];
  ends: number[] = [];

  /** Writes `text` at `at` (after a comma with `comma`), growing the buffer as needed; the offset after it. */
  write(text: string, at: number, comma = false): number {
    // Room for the longest UTF-8 the text can make: three bytes per UTF-16 unit.
    at = this.room(at, 1 + text.length * 3);
    if (comma) this.buffer[at++] = 0x2c;
    return at + this.buffer.write(text, at, 'utf8');
  }

  /** Copies `[start, end)` of `from` to `at` (after a comma with `comma`); the offset after it. */
  copy(from: Buffer, start: number, end: number, at: number, comma: boolean): number {
    at = this.room(at, 1 + end - start);
    if (comma) this.buffer[at++] = 0x2c;
    return at + from.copy(this.buffer, at, start, end);
  }

  private room(at: number, bytes: number): number {
    if (at + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(at + bytes, this.buffer.length * 2, 64 * 1024));
      this.buffer.copy(grown, 0, 0, at);
      this.buffer = grown;
    }
    return at;
  }
}

/** How far ahead in the last message's diagnostics one is looked for (diagnostics that appeared or went away in between). */
const MATCH_WINDOW = 16;

export function diagnosticsEncoder(): ContentTypeEncoder {
  const jsonOf = new WeakMap<object, string>();
  // Two buffers in turn: the last message's bytes stay readable while the next one is written, and
  // its diagnostics that go out again in the same order are copied from there, runs at a time.
  let last = new Written();
  let next = new Written();
  return {
    name: 'application/json',
    encode(message, options) {
      const list = diagnosticsOf(message);
      if (!list || list.length < SMALL_LIST || options.charset !== 'utf-8') {
        // Diagnostics that were replaced (a document closed, or its findings fixed) are not kept for copying.
        if (list) last.items = next.items = [];
        return Promise.resolve(Buffer.from(JSON.stringify(message, undefined, 0), options.charset as BufferEncoding));
      }
      const rest = JSON.stringify(message, (_key, value: unknown) => (value === list ? MARKER : value));
      const split = rest.indexOf(MARKER_JSON);
      const out = next;
      const starts: number[] = new Array(list.length);
      const ends: number[] = new Array(list.length);
      let at = out.write(rest.slice(0, split), 0);
      at = out.write('[', at);
      // `j`: where in the last message the next diagnostic is looked for.
      let j = 0;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        const found = indexFrom(last.items, item, j);
        if (found >= 0) {
          // The run of diagnostics that follow one another as they did last time, copied at once.
          let k = found + 1;
          while (i + (k - found) < list.length && k < last.items.length && last.items[k] === list[i + (k - found)]) k++;
          const from = at + (i > 0 ? 1 : 0);
          at = out.copy(last.buffer, last.starts[found]!, last.ends[k - 1]!, at, i > 0);
          for (let n = found; n < k; n++) {
            starts[i + n - found] = from + last.starts[n]! - last.starts[found]!;
            ends[i + n - found] = from + last.ends[n]! - last.starts[found]!;
          }
          i += k - found - 1;
          j = k;
          continue;
        }
        let json = typeof item === 'object' && item !== null ? jsonOf.get(item) : undefined;
        if (json === undefined) {
          json = JSON.stringify(item) ?? 'null';
          if (typeof item === 'object' && item !== null) jsonOf.set(item, json);
        }
        starts[i] = at + (i > 0 ? 1 : 0);
        at = out.write(json, at, i > 0);
        ends[i] = at;
      }
      at = out.write(']', at);
      at = out.write(rest.slice(split + MARKER_JSON.length), at);
      out.items = list;
      out.starts = starts;
      out.ends = ends;
      next = last;
      last = out;
      return Promise.resolve(out.buffer.subarray(0, at));
    },
  };
}

/** Where `item` (an object) is in `items`, looked for from `from` on within the window; -1 when not there. */
function indexFrom(items: readonly unknown[], item: unknown, from: number): number {
  if (typeof item !== 'object' || item === null) return -1;
  const end = Math.min(items.length, from + MATCH_WINDOW);
  for (let i = from; i < end; i++) if (items[i] === item) return i;
  return -1;
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
