/** Finding and reading `.kube-aegis.yaml` files for the CLI (the engine only parses text). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, LineIndex, mergeConfig, parseConfigText, type ConfigInput, type EngineConfig, type Profile } from '../engine/index.js';
import { t } from '../l10n/t.js';

export const CONFIG_NAMES = ['.kube-aegis.yaml', '.kube-aegis.yml'];

export class ConfigError extends Error {}

interface LoadedConfig {
  readonly path: string;
  readonly dir: string;
  readonly config: EngineConfig;
  readonly ignore: (path: string) => boolean;
}

/**
 * Which configuration applies to each file: `--config`, else the nearest `.kube-aegis.yaml` at
 * or above the file's folder, looked for no higher than the repository root (a folder with
 * `.git`); outside a repository, no higher than the current folder when the file is below it,
 * else than the folder named on the command line. A file in `$HOME` or `/tmp` never configures
 * a scan of another tree.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  private readonly tops = new Map<string, string>();
  private readonly explicit: LoadedConfig | undefined;
  private readonly roots: readonly string[];
  /** The configuration files that applied to a scanned file, in the order first used. */
  readonly used = new Set<string>();

  /** `roots`: the paths named on the command line (a lookup outside a repository and the current folder stops at them). */
  constructor(configPath: string | undefined, private readonly profile: Profile | undefined, roots: readonly string[] = []) {
    this.roots = roots.filter((r) => r !== '-').map((r) => resolve(r));
    if (configPath) {
      if (!existsSync(configPath)) throw new ConfigError(t('configuration file not found: {0}', configPath));
      if (statSync(configPath).isDirectory()) throw new ConfigError(t('--config names a directory, not a configuration file: {0}', configPath));
      this.explicit = this.load(resolve(configPath));
    }
  }

  /** The configuration for a file: --config, else the nearest .kube-aegis.yaml within bounds, else defaults. */
  configFor(file: string): EngineConfig {
    const loaded = this.loadedFor(file);
    if (loaded) this.used.add(loaded.path);
    const base = loaded?.config ?? DEFAULT_CONFIG;
    return this.profile ? mergeConfig(base, { profile: this.profile }) : base;
  }

  ignores(path: string): boolean {
    const loaded = this.loadedFor(path);
    if (!loaded || !loaded.ignore(resolve(path))) return false;
    this.used.add(loaded.path);
    return true;
  }

  private loadedFor(file: string): LoadedConfig | undefined {
    if (this.explicit) return this.explicit;
    const dir = file === '-' ? process.cwd() : dirname(resolve(file));
    return this.find(dir, this.topFor(dir));
  }

  /** The highest folder to look in for `dir`: its repository root, else the current folder, else a named root (else `dir` itself). */
  private topFor(dir: string): string {
    let top = this.tops.get(dir);
    if (top === undefined) {
      top = this.computeTop(dir);
      this.tops.set(dir, top);
    }
    return top;
  }

  private computeTop(dir: string): string {
    for (let at = dir; ; at = dirname(at)) {
      if (existsSync(join(at, '.git'))) return at;
      if (dirname(at) === at) break;
    }
    const cwd = process.cwd();
    if (isWithin(cwd, dir)) return cwd;
    return this.roots.filter((root) => isWithin(root, dir)).sort((a, b) => a.length - b.length)[0] ?? dir;
  }

  private find(dir: string, top: string): LoadedConfig | undefined {
    const key = `${dir}\0${top}`;
    if (this.byDir.has(key)) return this.byDir.get(key);
    let found: LoadedConfig | undefined;
    const name = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (name) found = this.load(name);
    else if (dir !== top && dirname(dir) !== dir) found = this.find(dirname(dir), top);
    this.byDir.set(key, found);
    return found;
  }

  private load(path: string): LoadedConfig {
    const text = readFileSync(path, 'utf8');
    const { input, problems } = parseConfigText(text);
    if (problems.length) {
      const lines = new LineIndex(text);
      const detail = problems.map((p) => {
        const { line, character } = lines.position(p.start);
        return `${path}:${line + 1}:${character + 1}: ${p.message}`;
      });
      throw new ConfigError(t('invalid configuration:\n{0}', detail.join('\n')));
    }
    const dir = dirname(path);
    return { path, dir, config: mergeConfig(DEFAULT_CONFIG, input as ConfigInput), ignore: ignoreMatcher(dir, input.ignore ?? []) };
  }
}

function ignoreMatcher(dir: string, patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const match = picomatch([...patterns], { dot: true });
  return (path) => {
    const rel = relative(dir, path);
    return !rel.startsWith('..') && match(rel);
  };
}

/** True when `path` is `dir` or lies below it. */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
