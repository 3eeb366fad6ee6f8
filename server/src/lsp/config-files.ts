/**
 * `.kube-aegis.yaml` for open documents: the nearest one at or above the document's folder.
 * The text of a configuration file open in the editor wins over the file on disk, so edits to
 * it apply before it is saved. Files are only read and parsed, never executed.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONFIG_NAMES } from '../cli/config-files.js';
import { parseConfigText, type ConfigInput } from '../engine/index.js';

export interface FoundConfig {
  /** The folder that holds the file (its `ignore` globs are relative to it). */
  readonly dir: string;
  readonly path: string;
  /** The valid configuration; empty when the file has problems (they show in the file itself). */
  readonly input: ConfigInput;
}

export function isConfigFileName(path: string): boolean {
  return CONFIG_NAMES.includes(basename(path));
}

export class ConfigFiles {
  private readonly byDir = new Map<string, Promise<FoundConfig | undefined>>();

  /** `openText(path)`: the editor's text of that file when it is open. */
  constructor(private readonly openText: (path: string) => string | undefined) {}

  /** Forgets everything read (a configuration file changed somewhere). */
  invalidate(): void {
    this.byDir.clear();
  }

  /** The configuration that applies to files in `dir`, if any. */
  find(dir: string): Promise<FoundConfig | undefined> {
    let found = this.byDir.get(dir);
    if (!found) {
      found = this.lookUp(dir);
      this.byDir.set(dir, found);
    }
    return found;
  }

  private async lookUp(dir: string): Promise<FoundConfig | undefined> {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      const text = this.openText(path) ?? (await readFile(path, 'utf8').catch(() => undefined));
      if (text !== undefined) return { dir, path, input: parseConfigText(text).input };
    }
    const parent = dirname(dir);
    return parent === dir ? undefined : this.find(parent);
  }
}
