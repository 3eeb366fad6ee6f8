/**
 * Temporary copies of roots, for rendering the text of unsaved editor buffers without writing the
 * user's files. A root's copy is made once and then kept in step: each render writes only the
 * files whose content differs from what the copy holds (an edited buffer, a buffer closed
 * unsaved, a file changed on disk), so a keystroke costs one file write, not a copy of the chart.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { FileContent } from './cache.js';
import type { RenderRoot } from './roots.js';

interface Copy {
  readonly dir: string;
  /** The folder of the tree that `dir` stands for. */
  readonly top: string;
  /** Digest of each file's content in the copy, by original path. */
  readonly held: Map<string, string>;
}

export class RootMirrors {
  private readonly copies = new Map<string, Copy>();
  private cleanupRegistered = false;

  /**
   * The folder to render for `root`, holding `files` (original path -> content): the root's own
   * folder when no unsaved text differs from disk, else its kept copy, brought up to date.
   */
  folderFor(root: RenderRoot, files: ReadonlyMap<string, FileContent>, overlays: ReadonlyMap<string, string> | undefined): string {
    const relevant = [...(overlays ?? new Map<string, string>()).keys()].some((path) => root.owned.has(path));
    const known = this.copies.get(root.dir);
    if (!relevant && !known) return root.dir;
    const copy = known ?? this.create(root);
    for (const [path, content] of files) {
      const digest = content.digest;
      if (copy.held.get(path) === digest) continue;
      const target = join(copy.dir, relative(copy.top, path));
      if (!(target + sep).startsWith(copy.dir + sep)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content.read());
      copy.held.set(path, digest);
    }
    for (const path of [...copy.held.keys()]) {
      if (files.has(path)) continue;
      // A file the root no longer owns (deleted, or no longer referenced).
      try {
        unlinkSync(join(copy.dir, relative(copy.top, path)));
      } catch {
        // Already gone.
      }
      copy.held.delete(path);
    }
    return join(copy.dir, relative(copy.top, root.dir));
  }

  /** Removes every copy (the server is shutting down). */
  dispose(): void {
    for (const copy of this.copies.values()) rmSync(copy.dir, { recursive: true, force: true });
    this.copies.clear();
  }

  forget(rootDir: string): void {
    const copy = this.copies.get(rootDir);
    if (copy) rmSync(copy.dir, { recursive: true, force: true });
    this.copies.delete(rootDir);
  }

  private create(root: RenderRoot): Copy {
    if (!this.cleanupRegistered) {
      this.cleanupRegistered = true;
      process.once('exit', () => this.dispose());
    }
    const top = commonFolder([root.dir, ...[...root.owned].map((f) => dirname(f))]);
    const copy: Copy = { dir: mkdtempSync(join(tmpdir(), 'kube-aegis-render-')), top, held: new Map() };
    this.copies.set(root.dir, copy);
    return copy;
  }
}

function commonFolder(paths: readonly string[]): string {
  let common = resolve(paths[0]!);
  for (const path of paths) {
    while (!(resolve(path) + sep).startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  }
  return common;
}
