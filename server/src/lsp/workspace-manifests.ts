/**
 * The editor's view of the workspace: every manifest of the workspace in one engine
 * `WorkspaceIndex`, keyed by URI. Files on disk are read in the background and kept current from
 * file events; an open document takes precedence over its file on disk from the moment it is
 * analysed until it is closed. `findingsFor` gives the cross-file findings of one file, computed
 * once per state of the index.
 *
 * A file on disk is analysed with the configuration that applies to it (the `.kube-aegis.yaml`
 * above it and the folder's settings), as `kube-aegis scan` would, so `closedFiles` gives what
 * the CLI reports for it: its own findings and its cross-file ones.
 *
 * Files a Helm chart or kustomization owns (templates, values, patches, resources) are checked
 * through the rendering of their root, never on their own, so they stay out; the rendered outputs
 * join the index instead (`setRendered`), as `kube-aegis scan` checks them with the plain files.
 *
 * Open documents outside the workspace folders (untitled scratch buffers, files elsewhere) are
 * not part of the workspace and stay out. Without any workspace folder, the open documents are
 * the set, as the files given to one CLI run are.
 */
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer, CrossFileFindings, DEFAULT_CONFIG, documentKindOf, WorkspaceIndex, type Analysis, type EngineConfig, type Finding } from '../engine/index.js';
import { pathOf } from './document-context.js';
import { RULES } from './rule-catalog.js';
import { DEFAULT_WALK_LIMITS, inSkippedFolder, readManifest, walkManifests, type WalkLimits } from './workspace-walk.js';

/** What applies to a file on disk. */
export interface FileSettings {
  readonly config: EngineConfig;
  /** Equal keys mean equal configurations (an unchanged file need not be analysed again). */
  readonly configKey: string;
  readonly excluded: boolean;
}

export interface ManifestsOptions {
  /** What applies to a file on disk, given the workspace folder it was found in. */
  settingsOf(path: string, folderUri: string): Promise<FileSettings>;
  /** Called after the index changed (a walk of the workspace reports once, when it ends). */
  changed(): void;
  readonly limits?: WalkLimits;
  /**
   * Files on disk get the per-file rules too (their findings are shown without opening them);
   * otherwise they are only parsed, for the cross-file rules.
   */
  readonly analyseFiles: boolean;
  /** True when a chart or kustomization owns the file (absolute path): it is left out. */
  owned(path: string): boolean;
}

/** A rendered output of a chart or kustomization, as indexed. */
export interface RenderedEntry {
  /** Names the output across renders; never a file URI. */
  readonly key: string;
  readonly analysis: Analysis;
  readonly config: EngineConfig;
}

/** A file on disk as last read. */
interface DiskFile {
  readonly text: string;
  readonly config: EngineConfig;
  readonly configKey: string;
  readonly analysis: Analysis;
}

/** A file not open in an editor, with everything found in it. */
export interface ClosedFile {
  readonly uri: string;
  readonly text: string;
  /** Its own findings (the same array until the file or its configuration changes). */
  readonly own: readonly Finding[];
  /** Its cross-file findings. */
  readonly crossFile: readonly Finding[];
}

/** A manifest of the workspace the index left out. */
export interface SkippedFile {
  readonly uri: string;
  readonly reason: string;
}

export class WorkspaceManifests {
  private readonly index = new WorkspaceIndex('workspace');
  /** URIs whose entry comes from an open document, with that document's configuration. */
  private readonly open = new Map<string, EngineConfig>();
  /** URIs whose entry comes from the file on disk. */
  private readonly disk = new Map<string, DiskFile>();
  /** Keys of the rendered outputs indexed, by root folder, with their configuration. */
  private readonly rendered = new Map<string, Map<string, EngineConfig>>();
  private readonly skippedFiles = new Map<string, string>();
  /** URIs of the indexed files that hold at least one Kubernetes object. */
  private readonly withObjects = new Set<string>();
  private folders: readonly string[] = [];
  /** Bumped by every new walk: an older walk stops. */
  private walk = 0;
  private walking?: Promise<void>;
  /** Files being read again (after a close or a file event). */
  private readonly rereading = new Set<Promise<void>>();
  /**
   * When each file was last read again (a count of those reads): a walk keeps what was read after
   * it started, since it may have listed the file's folder before the file appeared or changed.
   */
  private readonly rereadAt = new Map<string, number>();
  private rereads = 0;
  private computed?: { readonly version: number; readonly findings: Map<string, Finding[]> };
  /** Moves the last cross-file findings when an edit changed only where objects are. */
  private readonly crossFileFindings = new CrossFileFindings(RULES);

  constructor(private readonly options: ManifestsOptions) {}

  /** The workspace folders (URIs); `indexFolders` reads them. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris;
  }

  /** Reads every manifest of the workspace folders (replacing what was read from disk before). */
  indexFolders(): Promise<void> {
    const walking = this.readFolders();
    this.walking = walking;
    return walking;
  }

  /** Resolves once the latest walk of the workspace, and every file being read again, are done. */
  async indexed(): Promise<void> {
    let walking: Promise<void> | undefined;
    while (walking !== this.walking || this.rereading.size > 0) {
      walking = this.walking;
      await Promise.all([walking, ...this.rereading].map((p) => p?.catch(() => undefined)));
    }
  }

  private async readFolders(): Promise<void> {
    const walk = ++this.walk;
    const startedAt = this.rereads;
    const readSinceStart = (uri: string) => (this.rereadAt.get(uri) ?? 0) > startedAt;
    const seen = new Set<string>();
    const skipped = new Map<string, string>();
    let changed = false;
    for (const folderUri of this.folders) {
      const root = pathOf(folderUri);
      if (!root) continue;
      const settings = new Map<string, Promise<FileSettings>>();
      const settingsOf = (path: string) => {
        let found = settings.get(path);
        if (!found) {
          found = this.options.settingsOf(path, folderUri);
          settings.set(path, found);
        }
        return found;
      };
      const files = walkManifests(root, {
        limits: this.limits,
        isExcluded: async (path) => (await settingsOf(path)).excluded,
        cancelled: () => walk !== this.walk,
        skipped: (path, reason) => skipped.set(pathToFileURL(path).href, reason),
      });
      for await (const file of files) {
        if (this.options.owned(file.path)) continue;
        const uri = pathToFileURL(file.path).href;
        seen.add(uri);
        if (!this.open.has(uri) && !readSinceStart(uri) && this.readFromDisk(uri, file.text, await settingsOf(file.path))) changed = true;
      }
    }
    if (walk !== this.walk) return;
    this.skippedFiles.clear();
    for (const [uri, reason] of skipped) this.skippedFiles.set(uri, reason);
    // Files indexed by an earlier walk and gone since (or now outside every folder).
    const renderedKeys = new Set([...this.rendered.values()].flatMap((outputs) => [...outputs.keys()]));
    for (const uri of this.index.fileKeys()) {
      if (!this.open.has(uri) && !seen.has(uri) && !renderedKeys.has(uri) && !readSinceStart(uri)) {
        this.disk.delete(uri);
        changed = this.removeFromIndex(uri) || changed;
      }
    }
    for (const [uri, at] of this.rereadAt) if (at <= startedAt) this.rereadAt.delete(uri);
    if (changed) this.options.changed();
  }

  /** An open document's new analysis (undefined: the document is excluded, so not indexed). */
  documentAnalysed(documentUri: string, analysis: Analysis | undefined, config: EngineConfig): void {
    const uri = keyOf(documentUri);
    this.disk.delete(uri);
    if (analysis && this.inWorkspace(uri) && !this.isOwned(uri)) {
      this.open.set(uri, config);
      this.indexAnalysis(uri, analysis);
    } else {
      this.open.delete(uri);
      this.removeFromIndex(uri);
    }
    this.options.changed();
  }

  /** A document was closed: its file on disk (if any, and in the workspace) counts again. */
  async documentClosed(documentUri: string): Promise<void> {
    const uri = keyOf(documentUri);
    if (!this.open.delete(uri)) return;
    await this.reread(uri);
  }

  /** A file changed, appeared or disappeared on disk. */
  async fileChanged(fileUri: string): Promise<void> {
    const uri = keyOf(fileUri);
    if (this.open.has(uri)) return; // the editor's text wins until the document is closed
    await this.reread(uri);
  }

  /** The cross-file findings of `uri` (file offsets), empty when it has none or is not indexed. */
  findingsFor(documentUri: string): readonly Finding[] {
    return this.crossFile().get(keyOf(documentUri)) ?? [];
  }

  /** The cross-file findings of a rendered output (offsets in the output), by its key. */
  renderedFindingsFor(key: string): readonly Finding[] {
    return this.crossFile().get(key) ?? [];
  }

  /** The outputs of a root's last render replace those of the one before (none: the root is gone or was not rendered). */
  setRendered(rootDir: string, entries: readonly RenderedEntry[]): void {
    const before = this.rendered.get(rootDir) ?? new Map<string, EngineConfig>();
    const now = new Map(entries.map((entry) => [entry.key, entry.config]));
    let changed = false;
    for (const key of before.keys()) if (!now.has(key)) changed = this.removeFromIndex(key) || changed;
    for (const entry of entries) {
      this.indexAnalysis(entry.key, entry.analysis);
      changed = true;
    }
    if (now.size) this.rendered.set(rootDir, now);
    else this.rendered.delete(rootDir);
    if (changed) this.options.changed();
  }

  /** The charts and kustomizations of the workspace changed: which files they own may differ, so the workspace is read again. */
  rootsChanged(): Promise<void> {
    for (const uri of [...this.open.keys()]) {
      if (!this.isOwned(uri)) continue;
      this.open.delete(uri);
      this.removeFromIndex(uri);
    }
    return this.indexFolders();
  }

  /** Increases whenever what `closedFiles` or `findingsFor` return may have changed. */
  get version(): number {
    return this.index.version;
  }

  /** Every indexed file not open in an editor, with its findings (files on disk are analysed only with `analyseFiles`). */
  closedFiles(): ClosedFile[] {
    const crossFile = this.crossFile();
    const out: ClosedFile[] = [];
    for (const [uri, file] of this.disk) out.push({ uri, text: file.text, own: file.analysis.findings, crossFile: crossFile.get(uri) ?? [] });
    return out;
  }

  /** Manifests of the workspace the last walk left out, and why. */
  skipped(): SkippedFile[] {
    return [...this.skippedFiles].map(([uri, reason]) => ({ uri, reason }));
  }

  /** True when the indexed file `documentUri` holds a Kubernetes object. */
  holdsObjects(documentUri: string): boolean {
    return this.withObjects.has(keyOf(documentUri));
  }

  /** True when the index holds the open document `documentUri` (it is a manifest of the workspace). */
  indexesOpen(documentUri: string): boolean {
    return this.open.has(keyOf(documentUri));
  }

  private crossFile(): Map<string, Finding[]> {
    if (this.computed?.version !== this.index.version) {
      const configOf = (key: string) => this.open.get(key) ?? this.disk.get(key)?.config ?? this.renderedConfig(key) ?? DEFAULT_CONFIG;
      this.computed = { version: this.index.version, findings: this.crossFileFindings.findings(this.index, configOf) };
    }
    return this.computed.findings;
  }

  /** Indexes the text of a file on disk; false when it was indexed as is already. */
  private readFromDisk(uri: string, text: string, settings: FileSettings): boolean {
    const known = this.disk.get(uri);
    if (known && known.text === text && known.configKey === settings.configKey) return false;
    const rules = this.options.analyseFiles ? RULES : [];
    const analysis = createAnalyzer(documentKindOf(uri, undefined, text), rules, settings.config).analyze(text);
    this.disk.set(uri, { text, config: settings.config, configKey: settings.configKey, analysis });
    this.indexAnalysis(uri, analysis);
    return true;
  }

  private indexAnalysis(uri: string, analysis: Analysis): void {
    this.index.update(uri, analysis);
    if (analysis.sections.some((section) => section.objects.length > 0)) this.withObjects.add(uri);
    else this.withObjects.delete(uri);
  }

  private removeFromIndex(uri: string): boolean {
    this.withObjects.delete(uri);
    const removed = this.index.remove(uri);
    if (removed) {
      // The last findings hold what the file was indexed with (for moving them at the next
      // edit): a removed file gives nothing to move, and holding it would keep its models alive.
      this.crossFileFindings.forget();
      this.computed = undefined;
    }
    return removed;
  }

  private renderedConfig(key: string): EngineConfig | undefined {
    for (const outputs of this.rendered.values()) {
      const config = outputs.get(key);
      if (config) return config;
    }
    return undefined;
  }

  private isOwned(uri: string): boolean {
    const path = pathOf(uri);
    return path !== undefined && this.options.owned(path);
  }

  private inWorkspace(uri: string): boolean {
    if (this.folders.length === 0) return true;
    const path = pathOf(uri);
    return path !== undefined && this.folderOf(path) !== undefined;
  }

  private get limits(): WalkLimits {
    return this.options.limits ?? DEFAULT_WALK_LIMITS;
  }

  private reread(uri: string): Promise<void> {
    const reading = this.readAgain(uri).finally(() => this.rereading.delete(reading));
    this.rereading.add(reading);
    return reading;
  }

  private async readAgain(uri: string): Promise<void> {
    const path = pathOf(uri);
    const folderUri = path ? this.folderOf(path) : undefined;
    let settings: FileSettings | undefined;
    let text: string | undefined;
    if (path && folderUri && !this.options.owned(path)) {
      settings = await this.options.settingsOf(path, folderUri);
      const skipped = (_: string, reason: string) => this.skippedFiles.set(uri, reason);
      text = await readManifest(path, this.limits.maxFileBytes, async () => settings!.excluded, skipped);
    }
    // The document may have been opened meanwhile: it wins.
    if (this.open.has(uri)) return;
    this.rereadAt.set(uri, ++this.rereads);
    if (text !== undefined) this.skippedFiles.delete(uri);
    let changed: boolean;
    if (text === undefined || !settings) {
      this.disk.delete(uri);
      changed = this.removeFromIndex(uri);
    } else {
      changed = this.readFromDisk(uri, text, settings);
    }
    if (changed) this.options.changed();
  }

  /** The workspace folder whose walk would index `path` (none for files in node_modules, .git, ...). */
  private folderOf(path: string): string | undefined {
    return this.folders.find((folder) => {
      const root = pathOf(folder);
      const rel = root === undefined ? '..' : relative(root, path);
      return !rel.startsWith('..') && !isAbsolute(rel) && !inSkippedFolder(rel);
    });
  }
}

/**
 * One key per file, however the client spells its URI (clients differ in which characters they
 * percent-encode), so an open document and its file on disk are never indexed twice.
 */
export function keyOf(uri: string): string {
  const path = pathOf(uri);
  return path ? pathToFileURL(path).href : uri;
}
