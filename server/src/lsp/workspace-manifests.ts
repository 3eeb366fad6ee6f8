/**
 * The editor's cross-file view: every manifest of the workspace in one engine `WorkspaceIndex`,
 * keyed by URI. Files on disk are read in the background and kept current from file events;
 * an open document takes precedence over its file on disk from the moment it is analysed until
 * it is closed. `findingsFor` gives the cross-file findings of one file, computed once per
 * state of the index.
 *
 * Open documents outside the workspace folders (untitled scratch buffers, files elsewhere) are
 * not part of the workspace and stay out. Without any workspace folder, the open documents are
 * the set, as the files given to one CLI run are.
 */
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkWorkspace, DEFAULT_CONFIG, WorkspaceIndex, type Analysis, type EngineConfig, type Finding } from '../engine/index.js';
import { pathOf } from './document-context.js';
import { RULES } from './rule-catalog.js';
import { DEFAULT_WALK_LIMITS, inSkippedFolder, readManifest, walkManifests, type WalkLimits } from './workspace-walk.js';

export interface ManifestsOptions {
  /** Whether a file on disk is left out, given the workspace folder it was found in. */
  isExcluded(path: string, folderUri: string): Promise<boolean>;
  /** Called after the index changed (a walk of the workspace reports once, when it ends). */
  changed(): void;
  readonly limits?: WalkLimits;
}

export class WorkspaceManifests {
  private readonly index = new WorkspaceIndex('workspace');
  /** URIs whose entry comes from an open document, with that document's configuration. */
  private readonly open = new Map<string, EngineConfig>();
  private folders: readonly string[] = [];
  /** Bumped by every new walk: an older walk stops. */
  private walk = 0;
  private computed?: { readonly version: number; readonly findings: Map<string, Finding[]> };

  constructor(private readonly options: ManifestsOptions) {}

  /** The workspace folders (URIs); `indexFolders` reads them. */
  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris;
  }

  /** Reads every manifest of the workspace folders (replacing what was read from disk before). */
  async indexFolders(): Promise<void> {
    const walk = ++this.walk;
    const seen = new Set<string>();
    for (const folderUri of this.folders) {
      const root = pathOf(folderUri);
      if (!root) continue;
      const files = walkManifests(root, {
        limits: this.limits,
        isExcluded: (path) => this.options.isExcluded(path, folderUri),
        cancelled: () => walk !== this.walk,
      });
      for await (const file of files) {
        const uri = pathToFileURL(file.path).href;
        seen.add(uri);
        if (!this.open.has(uri)) this.index.updateText(uri, file.text, DEFAULT_CONFIG);
      }
    }
    if (walk !== this.walk) return;
    // Files indexed by an earlier walk and gone since (or now outside every folder).
    for (const uri of this.index.fileKeys()) if (!this.open.has(uri) && !seen.has(uri)) this.index.remove(uri);
    this.options.changed();
  }

  /** An open document's new analysis (undefined: the document is excluded, so not indexed). */
  documentAnalysed(documentUri: string, analysis: Analysis | undefined, config: EngineConfig): void {
    const uri = keyOf(documentUri);
    if (analysis && this.inWorkspace(uri)) {
      this.open.set(uri, config);
      this.index.update(uri, analysis);
    } else {
      this.open.delete(uri);
      this.index.remove(uri);
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
    if (this.computed?.version !== this.index.version) {
      const findings = checkWorkspace(this.index, RULES, (key) => this.open.get(key) ?? DEFAULT_CONFIG);
      this.computed = { version: this.index.version, findings };
    }
    return this.computed.findings.get(keyOf(documentUri)) ?? [];
  }

  private inWorkspace(uri: string): boolean {
    if (this.folders.length === 0) return true;
    const path = pathOf(uri);
    return path !== undefined && this.folderOf(path) !== undefined;
  }

  private get limits(): WalkLimits {
    return this.options.limits ?? DEFAULT_WALK_LIMITS;
  }

  private async reread(uri: string): Promise<void> {
    const path = pathOf(uri);
    const folderUri = path ? this.folderOf(path) : undefined;
    const text = path && folderUri ? await readManifest(path, this.limits.maxFileBytes, (p) => this.options.isExcluded(p, folderUri)) : undefined;
    // The document may have been opened meanwhile: it wins.
    if (this.open.has(uri)) return;
    const changed = text === undefined ? this.index.remove(uri) : (this.index.updateText(uri, text, DEFAULT_CONFIG), true);
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
function keyOf(uri: string): string {
  const path = pathOf(uri);
  return path ? pathToFileURL(path).href : uri;
}
