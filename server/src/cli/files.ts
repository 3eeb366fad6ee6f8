/** Which files to scan, and reading them. */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_NAMES } from './config-files.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json', '.jsonl'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** A path named on the command line that cannot be scanned (exit status 2). */
export class InputError extends Error {}

/** Files named on the command line, and the manifests below named directories, sorted per directory. */
export async function collectFiles(paths: readonly string[], ignored: (path: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(error.code === 'ENOENT' ? `no such file or directory: ${path}` : `cannot read ${path}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(path, ignored, out);
    else out.push(path);
  }
  return out;
}

async function walk(dir: string, ignored: (path: string) => boolean, out: string[]): Promise<void> {
  const listed = await readdir(dir, { withFileTypes: true }).catch((error: Error) => {
    throw new InputError(`cannot read ${dir}: ${error.message}`);
  });
  const entries = listed.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !ignored(path)) await walk(path, ignored, out);
    } else if (isManifestName(entry.name) && !ignored(path) && (await isFile(entry, path))) {
      out.push(path);
    }
  }
}

/** Manifests by their extension; our own configuration files are YAML too, but not manifests. */
function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)) && !CONFIG_NAMES.includes(name);
}

/** Files, and symbolic links to files (links to directories are not followed: no cycles). */
async function isFile(entry: Dirent, path: string): Promise<boolean> {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  return (await stat(path).catch(() => undefined))?.isFile() === true;
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

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
