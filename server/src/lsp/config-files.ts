/**
 * `.kube-aegis.yaml` for open documents: the nearest one at or above the document's folder,
 * within its workspace folder or repository.
 * The text of a configuration file open in the editor wins over the file on disk, so edits to
 * it apply before it is saved. Files are only read and parsed, never executed.
 */
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONFIG_NAMES } from '../cli/config-files.js';
import { parseConfigText, type ConfigInput, type ConfigProblem } from '../engine/index.js';

export interface FoundConfig {
  /** The folder that holds the file (its `ignore` globs are relative to it). */
  readonly dir: string;
  readonly path: string;
  /** The valid part of the configuration (everything, when the file has no problems). */
  readonly input: ConfigInput;
  readonly text: string;
  /** Mistakes in the file; what they touch is left out of `input`. */
  readonly problems: readonly ConfigProblem[];
  /** False when nothing of the file could be kept (invalid YAML, not a mapping). */
  readonly usable: boolean;
}

export function isConfigFileName(path: string): boolean {
  return CONFIG_NAMES.includes(basename(path));
}

export class ConfigFiles {
  private readonly byDir = new Map<string, Promise<FoundConfig | undefined>>();

  /** `openText(path)`: the editor's text of that file when it is open. */
  constructor(private readonly openText: (path: string) => string | undefined) {}

  /** Every configuration file read so far (those above the files looked at). */
  async all(): Promise<FoundConfig[]> {
    const found = await Promise.all(this.byDir.values());
    const byPath = new Map<string, FoundConfig>();
    for (const config of found) if (config) byPath.set(config.path, config);
    return [...byPath.values()];
  }

  /** Forgets everything read (a configuration file changed somewhere). */
  invalidate(): void {
    this.byDir.clear();
  }

  /**
   * The configuration that applies to files in `dir`, if any: the nearest file at or above it,
   * looked for no higher than `folder` (the workspace folder that holds `dir`) or the repository
   * root (a folder with `.git`), whichever comes first; without either, in `dir` alone. A file
   * in `$HOME` or `/tmp` never configures a workspace.
   */
  find(dir: string, folder?: string): Promise<FoundConfig | undefined> {
    const key = `${dir}\0${folder ?? ''}`;
    let found = this.byDir.get(key);
    if (!found) {
      found = this.lookUp(dir, folder);
      this.byDir.set(key, found);
    }
    return found;
  }

  private async lookUp(dir: string, folder: string | undefined): Promise<FoundConfig | undefined> {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      const text = this.openText(path) ?? (await readFile(path, 'utf8').catch(() => undefined));
      if (text !== undefined) {
        const { input, problems, usable } = parseConfigText(text);
        return { dir, path, input, text, problems, usable };
      }
    }
    const parent = dirname(dir);
    if (parent === dir || dir === folder || (await exists(join(dir, '.git')))) return undefined;
    if (folder === undefined && !(await hasRepositoryAbove(parent))) return undefined;
    return this.find(parent, folder);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** True when `dir` or a folder above it holds `.git`. */
async function hasRepositoryAbove(dir: string): Promise<boolean> {
  for (let at = dir; ; at = dirname(at)) {
    if (await exists(join(at, '.git'))) return true;
    if (dirname(at) === at) return false;
  }
}
