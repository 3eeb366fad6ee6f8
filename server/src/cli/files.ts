/** Which files to scan, and reading them. */
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_NAMES, isWithin } from './config-files.js';
import { t } from '../l10n/t.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json', '.jsonl'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** A path named on the command line that cannot be scanned (exit status 2). */
export class InputError extends Error {}

/** Files named on the command line, and the manifests below named directories, sorted per directory. */
export async function collectFiles(paths: readonly string[], ignored: (path: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  if (paths.filter((p) => p === '-').length > 1) throw new InputError(t('standard input ("-") is named more than once: it can be read only once'));
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(error.code === 'ENOENT' ? t('no such file or directory: {0}', path) : t('cannot read {0}: {1}', path, error.message));
    });
    if (info.isDirectory()) await walk(path, await realpath(path), ignored, out);
    else out.push(path);
  }
  return out;
}

/** `tree`: the real path of the directory named on the command line (links out of it are not followed). */
async function walk(dir: string, tree: string, ignored: (path: string) => boolean, out: string[]): Promise<void> {
  const listed = await readdir(dir, { withFileTypes: true }).catch((error: Error) => {
    throw new InputError(t('cannot read {0}: {1}', dir, error.message));
  });
  const entries = listed.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !ignored(path)) await walk(path, tree, ignored, out);
    } else if (isManifestName(entry.name) && !ignored(path) && (await isFileInTree(entry, path, tree))) {
      out.push(path);
    }
  }
}

/** Manifests by their extension, in any case (`.YAML`); our own configuration files are YAML too, but not manifests. */
export function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !CONFIG_NAMES.includes(name);
}

/**
 * Files, and symbolic links to files of the same tree. Links to directories are not followed
 * (no cycles), nor links out of the tree: what a scan checks is what the tree holds, as in the
 * editor's workspace walk.
 */
async function isFileInTree(entry: Dirent, path: string, tree: string): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  const target = await realpath(path).catch(() => undefined);
  if (target === undefined || !isWithin(tree, target)) return false;
  return (await stat(target).catch(() => undefined))?.isFile() === true;
}

export interface Input {
  readonly text: string;
  /** The file started with a byte-order mark (removed from `text`, restored when writing). */
  readonly bom: boolean;
}

export async function readInput(file: string): Promise<Input> {
  const buffer = file === '-' ? await readStdin() : await readFile(file);
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/**
 * All of standard input. Nothing at all (a closed standard input reads as empty) is an error: a
 * pipeline whose first command failed must not pass as a clean scan.
 */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = Buffer.concat(chunks);
  if (input.length === 0) throw new InputError(t('standard input is closed or empty: nothing to scan'));
  return input;
}
