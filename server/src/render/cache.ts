/**
 * Render results kept by the content of what was rendered: the program, its options and the text
 * of every file the root owns. An unchanged root is served without running the engine again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { RenderResult } from './output.js';

export class RenderCache {
  private readonly entries = new Map<string, RenderResult>();

  constructor(private readonly capacity = 32) {}

  get(key: string): RenderResult | undefined {
    const found = this.entries.get(key);
    if (found) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, result: RenderResult): void {
    // A cancelled render says nothing about the content.
    if (!result.ok && result.cancelled) return;
    this.entries.set(key, result);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A key for the inputs of one render: options, then each file's path and content digest, in path order. */
export function renderKey(options: readonly string[], digests: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const option of options) hash.update(`${option}\0`);
  for (const path of [...digests.keys()].sort()) hash.update(`${path}\0${digests.get(path)!}\0`);
  return hash.digest('hex');
}

/** A file's content as a render sees it: its digest, and the content itself when needed. */
export interface FileContent {
  readonly digest: string;
  read(): string | Buffer;
}

/**
 * Digests of files, kept by modification time and size, so that a render after a keystroke reads
 * only the files that changed; unsaved texts are digested as given.
 */
export class FileDigests {
  private readonly known = new Map<string, { mtimeMs: number; size: number; digest: string }>();

  of(paths: Iterable<string>, overlays: ReadonlyMap<string, string> | undefined): Map<string, FileContent> {
    const out = new Map<string, FileContent>();
    for (const path of paths) {
      const overlay = overlays?.get(path);
      if (overlay !== undefined) {
        out.set(path, { digest: digest(overlay), read: () => overlay });
        continue;
      }
      let info;
      try {
        info = statSync(path);
      } catch {
        out.set(path, { digest: 'missing', read: () => '' });
        continue;
      }
      const read = () => {
        try {
          return readFileSync(path);
        } catch {
          return '';
        }
      };
      const known = this.known.get(path);
      if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) {
        out.set(path, { digest: known.digest, read });
        continue;
      }
      const content = read();
      const fresh = { mtimeMs: info.mtimeMs, size: info.size, digest: digest(content) };
      this.known.set(path, fresh);
      out.set(path, { digest: fresh.digest, read: () => content });
    }
    return out;
  }
}

function digest(content: string | Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}
