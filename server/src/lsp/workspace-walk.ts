/**
 * Finding the manifests of a workspace folder on disk, for the cross-file index. The walk is
 * bounded (files over a size limit and anything past a file count are skipped: the index keeps
 * each file's parsed model in memory) and yields to the event loop between files, so requests
 * are answered while a large workspace is being read.
 */
import { opendir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isConfigFileName } from './config-files.js';
import { t } from '../l10n/t.js';

/**
 * Extensions of the files that may hold Kubernetes objects (JSON is YAML to the parser) or ABAC
 * policies (JSON Lines): the files `kube-aegis scan` reads in a folder.
 */
const MANIFEST_FILE = /\.(ya?ml|json|jsonl)$/i;
/** Folders that never hold manifests of the workspace itself (the CLI skips the same). */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkLimits {
  /** Larger files are left out (generated bundles, data). */
  readonly maxFileBytes: number;
  /** The walk stops after this many manifest files. */
  readonly maxFiles: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxFileBytes: 1024 * 1024, maxFiles: 5000 };

export interface WalkedFile {
  readonly path: string;
  readonly text: string;
}

export interface WalkOptions {
  readonly limits?: WalkLimits;
  /** Excluded files are not read. */
  isExcluded(path: string): Promise<boolean>;
  /** Checked between files: the walk ends early once it returns true. */
  cancelled?(): boolean;
  /** A manifest left out, and why (too large, unreadable, past the file limit). */
  skipped?(path: string, reason: string): void;
}

/** True when `path` names a file the index reads (by its name alone). */
export function isManifestPath(path: string): boolean {
  return MANIFEST_FILE.test(path) && !isConfigFileName(path);
}

/** True when a path relative to a workspace folder lies in a folder the walk skips (file events come from there too). */
export function inSkippedFolder(relativePath: string): boolean {
  return relativePath.split(sep).some((segment) => SKIPPED_FOLDERS.has(segment));
}

/** The manifests under `root` with their text, one at a time. */
export async function* walkManifests(root: string, options: WalkOptions): AsyncGenerator<WalkedFile> {
  const limits = options.limits ?? DEFAULT_WALK_LIMITS;
  let files = 0;
  const tree = await realpath(root).catch(() => root);
  for await (const path of manifestPaths(root, tree)) {
    if (options.cancelled?.()) return;
    if (files >= limits.maxFiles) {
      options.skipped?.(path, t('past the first {0} files of the folder', limits.maxFiles));
      continue;
    }
    await yieldToEventLoop();
    const text = await readManifest(path, limits.maxFileBytes, options.isExcluded, options.skipped);
    if (text === undefined) continue;
    files++;
    yield { path, text };
  }
}

/** The text of a manifest file, or undefined when it is excluded, too large or unreadable. */
export async function readManifest(
  path: string,
  maxFileBytes: number,
  isExcluded: (path: string) => Promise<boolean>,
  skipped?: (path: string, reason: string) => void,
): Promise<string | undefined> {
  if (!isManifestPath(path) || (await isExcluded(path))) return undefined;
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (info.size > maxFileBytes) {
      skipped?.(path, t('larger than {0}', formatBytes(maxFileBytes)));
      return undefined;
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    skipped?.(path, t('unreadable ({0})', (error as NodeJS.ErrnoException).code ?? 'error'));
    return undefined;
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The manifest files below `dir`, and symbolic links to files of the same tree (`tree`: the
 * real path of the workspace folder), as the CLI's walk takes them. Links to folders are not
 * followed (no cycles), nor links out of the tree.
 */
async function* manifestPaths(dir: string, tree: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await opendir(dir);
  } catch {
    return; // gone or unreadable: nothing to index there
  }
  const folders: string[] = [];
  for await (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) folders.push(path);
    } else if (isManifestPath(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await linksToFileIn(path, tree))))) {
      yield path;
    }
  }
  for (const folder of folders.sort()) yield* manifestPaths(folder, tree);
}

async function linksToFileIn(link: string, tree: string): Promise<boolean> {
  const target = await realpath(link).catch(() => undefined);
  if (target === undefined) return false;
  const rel = relative(tree, target);
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  return (await stat(target).catch(() => undefined))?.isFile() === true;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
