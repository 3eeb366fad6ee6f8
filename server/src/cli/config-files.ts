/** Finding and reading `.kube-aegis.yaml` files for the CLI (the engine only parses text). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, LineIndex, mergeConfig, parseConfigText, type ConfigInput, type EngineConfig, type Profile } from '../engine/index.js';

export const CONFIG_NAMES = ['.kube-aegis.yaml', '.kube-aegis.yml'];

export class ConfigError extends Error {}

interface LoadedConfig {
  readonly dir: string;
  readonly config: EngineConfig;
  readonly ignore: (path: string) => boolean;
}

export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  private readonly explicit: LoadedConfig | undefined;

  constructor(configPath: string | undefined, private readonly profile: Profile | undefined) {
    if (configPath) {
      if (!existsSync(configPath)) throw new ConfigError(`configuration file not found: ${configPath}`);
      this.explicit = this.load(resolve(configPath));
    }
  }

  /** The configuration for a file: --config, else the nearest .kube-aegis.yaml upward, else defaults. */
  configFor(file: string): EngineConfig {
    const loaded = this.explicit ?? (file === '-' ? this.find(process.cwd()) : this.find(dirname(resolve(file))));
    const base = loaded?.config ?? DEFAULT_CONFIG;
    return this.profile ? mergeConfig(base, { profile: this.profile }) : base;
  }

  ignores(path: string): boolean {
    const loaded = this.explicit ?? this.find(dirname(resolve(path)));
    return loaded ? loaded.ignore(resolve(path)) : false;
  }

  private find(dir: string): LoadedConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let found: LoadedConfig | undefined;
    const name = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (name) found = this.load(name);
    else if (dirname(dir) !== dir) found = this.find(dirname(dir));
    this.byDir.set(dir, found);
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
      throw new ConfigError(`invalid configuration:\n${detail.join('\n')}`);
    }
    const dir = dirname(path);
    return { dir, config: mergeConfig(DEFAULT_CONFIG, input as ConfigInput), ignore: ignoreMatcher(dir, input.ignore ?? []) };
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
