/**
 * What applies to one document: the engine configuration (defaults, then `.kube-aegis.yaml`,
 * then the editor settings), whether the document is excluded, and when to check it.
 */
import { dirname, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { DEFAULT_CONFIG, mergeConfig, type EngineConfig } from '../engine/index.js';
import type { ConfigFiles, FoundConfig } from './config-files.js';
import type { RunMode, SettingsStore } from './settings.js';

export interface DocumentContext {
  readonly config: EngineConfig;
  /** Equal keys mean equal configurations (an Analyzer can be kept). */
  readonly configKey: string;
  readonly excluded: boolean;
  readonly run: RunMode;
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
    const [settings, file] = await Promise.all([this.settings.for(uri), lookupDir ? this.files.find(lookupDir) : undefined]);
    const config = mergeConfig(DEFAULT_CONFIG, file?.input, settings.config);
    const excluded = path !== undefined && isExcludedBy(settings.exclude, file, path, folder ?? dirname(path));
    return { config, configKey: JSON.stringify(config), excluded, run: settings.run };
  }

  /**
   * Whether a file found on disk in the workspace folder `folderUri` is excluded (settings
   * `exclude`, or the `ignore` of the `.kube-aegis.yaml` above it). The settings are those of
   * the folder, so walking a large workspace asks the client once, not once per file.
   */
  async isExcludedFile(path: string, folderUri: string): Promise<boolean> {
    const [settings, file] = await Promise.all([this.settings.for(folderUri), this.files.find(dirname(path))]);
    return isExcludedBy(settings.exclude, file, path, this.folderOf(path) ?? dirname(path));
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
