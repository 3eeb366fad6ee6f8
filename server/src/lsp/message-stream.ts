/**
 * The stream a stdio connection writes its messages to. vscode-jsonrpc writes each message in two
 * writes, its header and then its content: two system calls, and the client is woken by the first
 * to read a header whose content is not there yet. Here the header waits for the content and both
 * leave in one write (`writev`), with the bytes and their order as before.
 */
import type { Writable } from 'node:stream';

type Callback = (error?: Error | null) => void;

export function oneWritePerMessage(stream: Writable): NodeJS.WritableStream {
  let header: string | undefined;
  const wrapper = {
    on(event: string, listener: (...args: unknown[]) => void) {
      stream.on(event, listener);
      return wrapper;
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      stream.off(event, listener);
      return wrapper;
    },
    write(data: string | Uint8Array, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback): boolean {
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof data === 'string' && header === undefined) {
        // A header: held until its content comes (the writer waits for this callback first).
        header = data;
        done?.();
        return true;
      }
      const held = header;
      header = undefined;
      if (held === undefined) return stream.write(data, done);
      stream.cork();
      stream.write(held, 'ascii');
      const flushed = stream.write(data, done);
      stream.uncork();
      return flushed;
    },
    end() {
      if (header !== undefined) stream.write(header, 'ascii');
      header = undefined;
      stream.end();
    },
  };
  return wrapper as unknown as NodeJS.WritableStream;
}
