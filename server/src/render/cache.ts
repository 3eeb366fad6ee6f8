/**
 * Render results kept by the content of what was rendered: the program, its options and the text
 * of every file the root owns. An unchanged root is served without running the engine again.
 */
import { createHash } from 'node:crypto';
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

/** A key for the inputs of one render: options, then each file's path and content, in path order. */
export function renderKey(options: readonly string[], files: ReadonlyMap<string, string | Buffer>): string {
  const hash = createHash('sha256');
  for (const option of options) hash.update(`${option}\0`);
  for (const path of [...files.keys()].sort()) {
    hash.update(`${path}\0`);
    hash.update(files.get(path)!);
    hash.update('\0');
  }
  return hash.digest('hex');
}
