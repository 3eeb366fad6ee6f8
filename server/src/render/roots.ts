/**
 * Which folders are Helm charts or Kustomize roots, and which files each one owns. Owned files
 * are checked through the rendering of their root, never on their own: a chart template is not
 * YAML until rendered, and a kustomize patch is a fragment, not an object.
 */
import type { Dirent } from 'node:fs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const CHART_FILE = 'Chart.yaml';
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export type RootKind = 'chart' | 'kustomization';

export interface RenderRoot {
  readonly kind: RootKind;
  /** Absolute folder of the chart or kustomization. */
  readonly dir: string;
  /** Absolute path of its Chart.yaml or kustomization file: where a failure of the whole root is reported. */
  readonly manifest: string;
  /** Every file the root owns (absolute paths), its manifest included. */
  readonly owned: ReadonlySet<string>;
  /** Kustomize: the strategic-merge and JSON 6902 patch files. */
  readonly patches: ReadonlySet<string>;
  /** Kustomize: every kustomization file reached, this root's first. */
  readonly kustomizations: readonly string[];
  /** Kustomize: remote resources, bases or components (never fetched: they make the render fail). */
  readonly remote: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** The kustomization file of a folder, if it has one. */
export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const path = join(dir, name);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}

/**
 * The roots at or below `paths` (folders are walked; a file names the root that contains it).
 * A chart's subcharts belong to it; a kustomization used by another one found here (a base or a
 * Component) is rendered through its users, not as a root of its own.
 */
export function findRoots(paths: readonly string[], ignored: (path: string) => boolean = () => false): RenderRoot[] {
  const charts = new Set<string>();
  const kustomizations = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(path);
    if (!existsSync(absolute)) continue;
    if (statSync(absolute).isDirectory()) walk(absolute, ignored, charts, kustomizations);
    else {
      const root = rootContaining(absolute);
      if (root?.kind === 'chart') charts.add(root.dir);
      else if (root) kustomizations.add(root.dir);
    }
  }
  return [...[...charts].sort().map(chartRoot), ...kustomizationRoots([...kustomizations].sort())];
}

function walk(dir: string, ignored: (path: string) => boolean, charts: Set<string>, kustomizations: Set<string>): void {
  if (existsSync(join(dir, CHART_FILE))) {
    // Everything below a chart (templates, subcharts under charts/) belongs to it.
    charts.add(dir);
    return;
  }
  if (kustomizationFileIn(dir)) kustomizations.add(dir);
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !ignored(path)) walk(path, ignored, charts, kustomizations);
  }
}

/** The nearest chart or kustomization folder at or above a file, if any (the outermost chart wins over its subcharts). */
export function rootContaining(file: string): { kind: RootKind; dir: string } | undefined {
  let found: { kind: RootKind; dir: string } | undefined;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CHART_FILE))) found = { kind: 'chart', dir };
    else if (!found && kustomizationFileIn(dir)) return { kind: 'kustomization', dir };
    if (dirname(dir) === dir) return found;
  }
}

/** How far above a file its repository root (a folder with `.git`) is looked for. */
const REPOSITORY_LEVELS = 8;
/** How far above a file kustomizations that use it are looked for when it is in no repository. */
const UNVERSIONED_LEVELS = 3;
/** Folders walked at most below one search folder (a huge tree is searched in part, never in full). */
const SEARCH_FOLDERS = 4000;

/**
 * The folder below which kustomizations that may use `file` are looked for: its repository (the
 * nearest folder above with `.git`), else a few levels up; none for a file directly in a folder
 * too wide to walk. A kustomization names its files by
 * relative paths (`../../base/deploy.yaml`), so its users can be anywhere in the repository.
 */
export function referenceSearchFolder(file: string): string | undefined {
  const start = dirname(resolve(file));
  if (tooWideToSearch(start)) return undefined;
  let dir = start;
  for (let level = 0; level < REPOSITORY_LEVELS; level++) {
    if (existsSync(join(dir, '.git')) && !tooWideToSearch(dir)) return dir;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  dir = start;
  for (let level = 0; level < UNVERSIONED_LEVELS && !tooWideToSearch(dirname(dir)); level++) dir = dirname(dir);
  return dir;
}

/** The file system root, its direct folders (`/tmp`, `/home`) and the home folder are never walked whole. */
function tooWideToSearch(dir: string): boolean {
  const parent = dirname(dir);
  return parent === dir || dirname(parent) === parent || dir === homedir();
}

/**
 * Kustomizations that use a file kept elsewhere: a resource or patch another folder's
 * kustomization names (`../../base/deploy.yaml`, a shared patch), for a file opened outside the
 * roots already known. The roots found below a search folder are kept until `forget` (a
 * kustomization file changed), so opening many files walks the tree once.
 */
export class ReferencingRoots {
  private readonly below = new Map<string, RenderRoot[]>();

  /** The roots (kustomizations no other one uses) that own `file`. */
  of(file: string): RenderRoot[] {
    const top = referenceSearchFolder(file);
    if (!top) return [];
    let roots = this.below.get(top);
    if (!roots) {
      const charts = new Set<string>();
      const kustomizations = new Set<string>();
      let budget = SEARCH_FOLDERS;
      walk(top, () => --budget < 0, charts, kustomizations);
      roots = kustomizationRoots([...kustomizations].sort());
      this.below.set(top, roots);
    }
    const path = resolve(file);
    return roots.filter((root) => root.owned.has(path));
  }

  forget(): void {
    this.below.clear();
  }
}

export function chartRoot(dir: string): RenderRoot {
  const owned = new Set<string>();
  listFiles(dir, owned);
  return { kind: 'chart', dir, manifest: join(dir, CHART_FILE), owned, patches: new Set(), kustomizations: [], remote: [] };
}

function listFiles(dir: string, out: Set<string>): void {
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listFiles(path, out);
    } else out.add(path);
  }
}

/** What one kustomization file refers to. */
interface KustomizationRefs {
  readonly component: boolean;
  /** Folders of other kustomizations (resources, bases, components). */
  readonly dirs: string[];
  readonly files: string[];
  readonly patches: string[];
  readonly remote: string[];
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\?version=/i;

export function readKustomization(file: string): KustomizationRefs {
  const refs: KustomizationRefs = { component: false, dirs: [], files: [], patches: [], remote: [] };
  let data: Record<string, unknown> | undefined;
  try {
    const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0];
    const value = doc?.toJS({ maxAliasCount: 100 }) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
  } catch {
    return refs;
  }
  if (!data) return refs;
  const dir = dirname(file);
  (refs as { component: boolean }).component = data.kind === 'Component';
  const reference = (entry: unknown, asPatch = false) => {
    if (typeof entry !== 'string' || entry.trim() === '') return;
    if (REMOTE.test(entry)) {
      refs.remote.push(entry);
      return;
    }
    const path = resolve(dir, entry);
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      if (!asPatch) refs.dirs.push(path);
    } else (asPatch ? refs.patches : refs.files).push(path);
  };
  for (const key of ['resources', 'bases', 'components']) for (const entry of list(data[key])) reference(entry);
  for (const key of ['crds', 'configurations', 'transformers', 'generators', 'validators']) for (const entry of list(data[key])) reference(entry);
  for (const patch of list(data.patches)) reference(field(patch, 'path'), true);
  for (const patch of list(data.patchesJson6902)) reference(field(patch, 'path'), true);
  // patchesStrategicMerge holds file names or inline patches; an inline one is not a file name.
  for (const entry of list(data.patchesStrategicMerge)) if (typeof entry === 'string' && !entry.includes('\n')) reference(entry, true);
  for (const replacement of list(data.replacements)) reference(field(replacement, 'path'));
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const generator of list(data[key])) {
      for (const input of [...list(field(generator, 'files')), ...list(field(generator, 'envs')), field(generator, 'env')]) {
        // `key=path` names the file after the `=`.
        if (typeof input === 'string') reference(input.includes('=') ? input.slice(input.indexOf('=') + 1) : input);
      }
    }
  }
  const openapi = field(data.openapi, 'path');
  if (openapi) reference(openapi);
  return refs;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** Roots among kustomization folders: those no other found kustomization uses, and not Components. */
function kustomizationRoots(dirs: readonly string[]): RenderRoot[] {
  const used = new Set<string>();
  const components = new Set<string>();
  for (const dir of dirs) {
    const file = kustomizationFileIn(dir)!;
    const refs = readKustomization(file);
    if (refs.component) components.add(dir);
    for (const child of refs.dirs) used.add(child);
  }
  return dirs.filter((dir) => !used.has(dir) && !components.has(dir)).map(kustomizationRoot);
}

export function kustomizationRoot(dir: string): RenderRoot {
  const manifest = kustomizationFileIn(dir) ?? join(dir, KUSTOMIZATION_FILES[0]!);
  const owned = new Set<string>();
  const patches = new Set<string>();
  const remote: string[] = [];
  const kustomizations: string[] = [];
  const visit = (folder: string) => {
    const file = kustomizationFileIn(folder);
    if (!file) return;
    if (kustomizations.includes(file)) return;
    kustomizations.push(file);
    owned.add(file);
    const refs = readKustomization(file);
    for (const path of refs.files) owned.add(path);
    for (const path of refs.patches) {
      owned.add(path);
      patches.add(path);
    }
    remote.push(...refs.remote);
    for (const child of refs.dirs) visit(child);
  };
  visit(dir);
  return { kind: 'kustomization', dir, manifest, owned, patches, kustomizations, remote };
}

/** How messages name a root: its folder relative to `base` (the current folder or workspace). */
export function rootLabel(root: RenderRoot, base: string): string {
  const rel = relative(base, root.dir);
  const shown = rel === '' ? basename(root.dir) || root.dir : rel.startsWith('..') ? root.dir : rel;
  return `${root.kind === 'chart' ? 'chart' : 'kustomization'} ${shown.split(sep).join('/')}`;
}

/** The entries of a folder; none when it cannot be read (removed meanwhile, no permission). */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
