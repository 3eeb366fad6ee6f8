/**
 * What applies to one document: the engine configuration (defaults, then `.kube-aegis.yaml`,
 * then the editor settings), whether the document is excluded, and when to check it.
 */
import { dirname, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, mergeConfig, type EngineConfig } from '../engine/index.js';
import type { ConfigFiles, FoundConfig } from './config-files.js';
import type { EditorSettings, RunMode, SettingsStore } from './settings.js';

/** Where the effective profile comes from. */
export type ProfileSource = 'setting' | 'configuration file' | 'default';

export interface DocumentContext {
  readonly config: EngineConfig;
  readonly profileSource: ProfileSource;
  /** The `.kube-aegis.yaml` that applies, if any. */
  readonly configFile?: FoundConfig;
  /** Equal keys mean equal configurations (an Analyzer can be kept). */
  readonly configKey: string;
  readonly excluded: boolean;
  readonly run: RunMode;
  /** Fix-all applies unsafe fixes too (setting `kubeAegis.fixAll.unsafe`). */
  readonly fixAllUnsafe: boolean;
  /** At most this many findings become diagnostics (setting `kubeAegis.maxProblemsPerFile`). */
  readonly maxProblems: number;
}

/** The file system path of a `file:` URI, undefined for other schemes (untitled documents). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class DocumentContexts {
  private folders: readonly string[] = [];
  /** The workspace folders as given (URIs). */
  folderUris: readonly string[] = [];

  constructor(
    private readonly settings: SettingsStore,
    private readonly files: ConfigFiles,
  ) {}

  /** Workspace folder paths (the longest match holds a document). */
  setFolders(uris: readonly string[]): void {
    this.folderUris = [...uris];
    this.folders = uris.map(pathOf).filter((p): p is string => p !== undefined);
  }

  async contextFor(uri: string): Promise<DocumentContext> {
    const path = pathOf(uri);
    const folder = path ? this.folderOf(path) : this.folders[0];
    const lookupDir = path ? dirname(path) : folder;
    const [settings, file] = await Promise.all([this.settings.for(uri), lookupDir ? this.files.find(lookupDir, folder) : undefined]);
    return contextOf(settings, file, path, folder);
  }

  /**
   * The context of a file on disk found in the workspace folder `folderUri`. The settings are
   * those of the folder, so reading a large workspace asks the client once, not once per file.
   */
  async fileContext(path: string, folderUri: string): Promise<DocumentContext> {
    const [settings, file] = await Promise.all([this.settings.for(folderUri), this.files.find(dirname(path), this.folderOf(path))]);
    return contextOf(settings, file, path, this.folderOf(path));
  }

  /** The settings of a workspace folder (the first one when none is named). */
  settingsOf(folderUri?: string): Promise<EditorSettings> {
    return this.settings.for(folderUri ?? this.folderUris[0] ?? '');
  }

  private folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      const rel = relative(folder, path);
      if (!rel.startsWith('..') && !isAbsolute(rel) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }
}

function contextOf(settings: EditorSettings, file: FoundConfig | undefined, path: string | undefined, folder: string | undefined): DocumentContext {
  const config = mergeConfig(DEFAULT_CONFIG, file?.input, settings.config);
  const excluded = path !== undefined && isExcludedBy(settings.exclude, file, path, folder ?? dirname(path));
  const profileSource: ProfileSource = settings.config.profile ? 'setting' : file?.input.profile ? 'configuration file' : 'default';
  return { config, configKey: JSON.stringify(config), excluded, run: settings.run, fixAllUnsafe: settings.fixAllUnsafe, maxProblems: settings.maxProblemsPerFile, profileSource, ...(file ? { configFile: file } : {}) };
}

function isExcludedBy(exclude: readonly string[], file: FoundConfig | undefined, path: string, folder: string): boolean {
  return matches(exclude, path, folder) || (file !== undefined && matches(file.input.ignore ?? [], path, file.dir));
}

const matchers = new Map<string, picomatch.Matcher>();

/** True when `path` matches a glob, written relative to `base` or absolute. */
function matches(patterns: readonly string[], path: string, base: string): boolean {
  if (patterns.length === 0) return false;
  const key = JSON.stringify(patterns);
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...patterns], { dot: true });
    matchers.set(key, matcher);
  }
  const rel = relative(base, path);
  return (!rel.startsWith('..') && matcher(rel)) || matcher(path);
}
