/**
 * Writing `--fix` results back to disk without losing anyone's work: through a temporary file
 * in the file's own folder and an atomic rename (a reader never sees half a file, a crash never
 * leaves one), only when the file still holds what was read, never through a symbolic link that
 * leads out of the scanned folders, and never over a read-only file.
 */
import { randomBytes } from 'node:crypto';
import { chown, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { t } from '../l10n/t.js';

/** A file `--fix` did not write, and why (shown as `cannot write <file>: <message>`). */
export class WriteRefused extends Error {}

/**
 * The real paths of the folders a run scans: each directory named, and the folder of each file
 * named. A fixed file is written only when its real path lies below one of them.
 */
export async function scannedTrees(paths: readonly string[]): Promise<string[]> {
  const trees: string[] = [];
  for (const path of paths) {
    if (path === '-') continue;
    const info = await stat(path).catch(() => undefined);
    const folder = info?.isDirectory() ? path : dirname(resolve(path));
    trees.push(await realpath(folder).catch(() => resolve(folder)));
  }
  return trees;
}

/**
 * Replaces the content of `file` by `text`, if it still is `expected` (what the scan read).
 * Throws WriteRefused with a reason when it does not write; the file is then left as it was.
 */
export async function writeFixedFile(file: string, expected: string, text: string, trees: readonly string[]): Promise<void> {
  try {
    await replaceFile(file, expected, text, trees);
  } catch (error) {
    if (error instanceof WriteRefused || !(error as NodeJS.ErrnoException).code) throw error;
    throw new WriteRefused(describe(error as NodeJS.ErrnoException));
  }
}

async function replaceFile(file: string, expected: string, text: string, trees: readonly string[]): Promise<void> {
  const real = await realpath(file);
  if (!trees.some((tree) => real === tree || real.startsWith(tree.endsWith(sep) ? tree : tree + sep))) {
    throw new WriteRefused(t('it is a symbolic link to {0}, outside the scanned folders; not followed', real));
  }
  const info = await stat(real);
  if ((info.mode & 0o222) === 0) throw new WriteRefused(t('the file is read-only'));
  await unchangedSince(real, expected);
  const temporary = join(dirname(real), `.${basename(real)}.kube-aegis-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', info.mode & 0o7777);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Keep the file's owner when allowed (run as root on someone else's file); otherwise it is ours anyway.
    await chown(temporary, info.uid, info.gid).catch(() => undefined);
    // Checked again just before replacing it: an editor may have saved while we were writing.
    await unchangedSince(real, expected);
    await rename(temporary, real);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function unchangedSince(file: string, expected: string): Promise<void> {
  const current = await readFile(file, 'utf8');
  if (current !== expected) throw new WriteRefused(t('it changed since it was read; not overwritten (run again to fix the new content)'));
}

/** A file-system error in words, with its code: `permission denied (EACCES)`. */
function describe(error: NodeJS.ErrnoException): string {
  const known: Record<string, string> = {
    EACCES: t('permission denied'),
    EPERM: t('operation not permitted'),
    EROFS: t('read-only file system'),
    ENOENT: t('the file no longer exists'),
    ENOSPC: t('no space left on the device'),
  };
  const words = (error.code && known[error.code]) ?? error.message;
  return error.code ? `${words} (${error.code})` : words;
}

/** `fixed <file>: <rule> xN, ...`: what `--fix` wrote into one file. */
export function fixedNote(shown: string, applied: readonly { readonly ruleId: string }[]): string {
  const byRule = new Map<string, number>();
  for (const fix of applied) byRule.set(fix.ruleId, (byRule.get(fix.ruleId) ?? 0) + 1);
  return t('fixed {0}: {1}', shown, [...byRule].map(([id, n]) => `${id} x${n}`).join(', '));
}
