/**
 * From a finding on a rendered object (helm template output, kustomize build output) back to the
 * line its author wrote: texts in, a source range out; no I/O. In order of preference:
 *   - kustomize: the patch line that sets the value (patches are not recorded in the output, so
 *     the patches' fields are matched against the finding's path), the `images:` entry that set
 *     an image, the `namespace:` that placed the object;
 *   - helm: the values key whose value was rendered there (a literal in the template wins);
 *   - the template or resource line with that key;
 *   - last resort: the top of the template or resource file, with the rendered path in the message.
 * Fixes move with a finding when its source is plain YAML with the same content as the rendered
 * block (a values key, a patch, a resource); a fix is never offered inside template text.
 */
import type { Fix, TextEdit } from './edits.js';
import { isMap, isScalar, isSeq, toPlain, type YMap, type YNode, type YPair } from './model.js';
import { parseSection, splitSections } from './parse.js';

/** A step of a path in a rendered object: a map key, or a sequence item (with its `name`, if any). */
export type PathStep = { readonly key: string } | { readonly index: number; readonly name?: string };

export interface SourceText {
  /** The caller's key for the file (a path): findings come back with it. */
  readonly file: string;
  readonly text: string;
}

export interface ValuesSource {
  readonly source: SourceText;
  /** Keys above the values a template reads (a parent chart's values for subchart `sub` live under `sub:`). */
  readonly prefix: readonly string[];
}

export interface HelmOrigin {
  readonly engine: 'helm';
  /** The template that produced the document (absent when it lives in an archive). */
  readonly template?: SourceText;
  /** Values files, the one that wins first. */
  readonly values: readonly ValuesSource[];
  /** Where to point when nothing better is known (Chart.yaml). */
  readonly fallback: SourceText;
}

export interface KustomizeOrigin {
  readonly engine: 'kustomize';
  /** The resource file the object came from (`config.kubernetes.io/origin`). */
  readonly resource?: SourceText;
  /** Patch files of the tree. */
  readonly patches: readonly SourceText[];
  /** Kustomization files of the tree, the root's first (inline patches, `images:`, `namespace:`). */
  readonly kustomizations: readonly SourceText[];
  readonly fallback: SourceText;
}

export type RenderOrigin = HelmOrigin | KustomizeOrigin;

export type OriginKind = 'patch' | 'values' | 'template' | 'resource' | 'kustomization' | 'file';

export interface OriginLocation {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly via: OriginKind;
  /** Fixes moved to the source (empty when they cannot be). */
  readonly fixes: readonly Fix[];
  /** The finding's path in the rendered object, e.g. `spec.template.spec.containers[0].image`. */
  readonly renderedPath: string;
}

export interface RenderedFinding {
  /** The rendered document's text; the finding's offsets and fixes are relative to it. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly fixes: readonly Fix[];
}

/** Where a finding on a rendered document comes from. */
export function locateOrigin(finding: RenderedFinding, origin: RenderOrigin, parsed = new ParsedTexts()): OriginLocation {
  const root = firstRoot(parsed.sections(finding.text));
  const walked = root ? pathAt(root, finding.start, finding.end) : { path: [], node: undefined };
  const renderedPath = formatPath(walked.path);
  const fixed = root ? fromFixTarget(finding, root, origin, parsed) : undefined;
  if (fixed) return { ...fixed, renderedPath };
  const found = root && walked.node ? (origin.engine === 'kustomize' ? fromKustomize(root, walked.path, walked.node, origin, parsed) : fromHelm(root, walked.path, walked.node, origin, parsed)) : undefined;
  if (found) {
    const fixes = found.node && walked.node && found.plainYaml ? moveFixes(finding, walked.node, found.node, found.text) : [];
    return { file: found.file, start: found.span.start, end: found.span.end, via: found.via, fixes, renderedPath };
  }
  const top = origin.engine === 'helm' ? (origin.template ?? origin.fallback) : (origin.resource ?? origin.fallback);
  const lineEnd = top.text.indexOf('\n');
  return { file: top.file, start: 0, end: lineEnd < 0 ? top.text.length : lineEnd, via: 'file', fixes: [], renderedPath };
}

/**
 * A finding about something missing (a field absent from a container's securityContext) is
 * reported at the container, but its fix inserts into the block that lacks the field. When that
 * block is a values key or a patch with the same content, the finding and its fix go there: that
 * is where the author adds the field.
 */
function fromFixTarget(finding: RenderedFinding, root: YNode, origin: RenderOrigin, parsed: ParsedTexts): Omit<OriginLocation, 'renderedPath'> | undefined {
  const edit = finding.fixes[0]?.edits[0];
  if (!edit || edit.start !== edit.end) return undefined;
  const indent = /^\n?( *)/.exec(edit.text)![1]!.length;
  const target = blockEndingAt(root, finding.text, edit.start, indent);
  if (!target) return undefined;
  const { path, node } = target;
  const found = origin.engine === 'kustomize' ? fromPatches(objectIdentity(root), path, toPlain(node), origin, parsed) : valuesMatch(path.flatMap((s) => ('key' in s ? [s.key] : [])), toPlain(node), origin.values, parsed);
  if (!found?.node || !found.plainYaml) return undefined;
  const fixes = moveFixes(finding, node, found.node, found.text);
  if (fixes.length === 0) return undefined;
  return { file: found.file, start: found.span.start, end: found.span.end, via: found.via, fixes };
}

/** The path to the block map whose last line is just before `offset`, and whose keys sit at column `indent`. */
function blockEndingAt(root: YNode, text: string, offset: number, indent: number): { path: PathStep[]; node: YMap } | undefined {
  let found: { path: PathStep[]; node: YMap } | undefined;
  const visit = (node: YNode, path: PathStep[]) => {
    if (found) return;
    if (isMap(node)) {
      if (!node.flow && node.pairs.length && columnOf(text, node.pairs[0]!.key.start) === indent && afterLine(text, contentEnd(text, node)) === offset) {
        found = { path, node };
        return;
      }
      for (const pair of node.pairs) visit(pair.value, [...path, { key: String(pair.key.value) }]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const name = isMap(item) ? scalarString(get1(item, 'name')) : undefined;
        visit(item, [...path, name === undefined ? { index } : { index, name }]);
      });
    }
  };
  visit(root, []);
  return found;
}

interface Found {
  readonly file: string;
  readonly text: string;
  readonly span: { readonly start: number; readonly end: number };
  readonly via: OriginKind;
  /** The source node holding the rendered value, when the source is YAML the fixes can edit. */
  readonly node?: YNode;
  readonly plainYaml: boolean;
}

/** Parsed sections of texts, kept per text (one source text serves many findings). */
export class ParsedTexts {
  private readonly cache = new Map<string, { start: number; roots: readonly YNode[] }[]>();
  private readonly keyLines = new Map<string, TemplateLine[]>();
  private readonly valuePairs = new Map<string, Map<string, { pair: YPair; keys: string[] }[]>>();

  /**
   * Parses are kept by text, for as long as the caller keeps this object (an editor keeps one
   * across renders, so unchanged templates and values are not parsed again); past `limit` texts
   * the oldest are dropped.
   */
  constructor(private readonly limit = 2000) {}

  private remember<T>(map: Map<string, T>, text: string, value: T): T {
    if (map.size >= this.limit) map.delete(map.keys().next().value!);
    map.set(text, value);
    return value;
  }

  /** The key lines of a template (see `templateLines`). */
  lines(text: string): TemplateLine[] {
    return this.keyLines.get(text) ?? this.remember(this.keyLines, text, templateLines(text));
  }

  /** The pairs of a values file whose key is `key`, with the keys down to each. */
  pairs(text: string, key: string): readonly { pair: YPair; keys: string[] }[] {
    let known = this.valuePairs.get(text);
    if (!known) {
      const byKey = new Map<string, { pair: YPair; keys: string[] }[]>();
      const root = firstRoot(this.sections(text));
      if (root) {
        visitPairs(root, [], (pair, keys) => {
          const last = keys[keys.length - 1]!;
          const list = byKey.get(last) ?? [];
          list.push({ pair, keys });
          byKey.set(last, list);
        });
      }
      known = this.remember(this.valuePairs, text, byKey);
    }
    return known.get(key) ?? [];
  }

  sections(text: string): { start: number; roots: readonly YNode[] }[] {
    return this.cache.get(text) ?? this.remember(this.cache, text, splitSections(text).map((s) => ({ start: s.start, roots: shiftRoots(parseSection(s.text).roots, s.start) })));
  }
}

function shiftRoots(roots: readonly YNode[], by: number): readonly YNode[] {
  return by === 0 ? roots : roots.map((r) => shiftNode(r, by));
}

function shiftNode(node: YNode, by: number): YNode {
  if (node.kind === 'scalar') return { ...node, start: node.start + by, end: node.end + by };
  if (node.kind === 'seq') return { ...node, start: node.start + by, end: node.end + by, items: node.items.map((i) => shiftNode(i, by)) };
  return {
    ...node,
    start: node.start + by,
    end: node.end + by,
    pairs: node.pairs.map((p) => ({ start: p.start + by, end: p.end + by, key: shiftNode(p.key, by) as YPair['key'], value: shiftNode(p.value, by) })),
  };
}

function firstRoot(sections: { roots: readonly YNode[] }[]): YNode | undefined {
  for (const section of sections) for (const root of section.roots) if (isMap(root)) return root;
  return undefined;
}

/** The path from `root` to the deepest node that holds the range (a key counts as its pair's value). */
export function pathAt(root: YNode, start: number, end: number): { path: PathStep[]; node: YNode | undefined } {
  const path: PathStep[] = [];
  let node: YNode = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.pairs.find((p) => p.key.start <= start && end <= Math.max(p.key.end, p.value.end));
      if (!pair) return { path, node };
      path.push({ key: String(pair.key.value) });
      if (start < pair.key.end) return { path, node: pair.value };
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((i) => i.start <= start && end <= i.end);
      if (index < 0) return { path, node };
      const item = node.items[index]!;
      const name = isMap(item) ? scalarString(get1(item, 'name')) : undefined;
      path.push(name === undefined ? { index } : { index, name });
      node = item;
    } else return { path, node };
  }
}

function get1(map: YMap, key: string): YNode | undefined {
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i]!.key.value === key) return map.pairs[i]!.value;
  return undefined;
}

function scalarString(node: YNode | undefined): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

export function formatPath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) out += 'key' in step ? (out ? `.${step.key}` : step.key) : `[${step.index}]`;
  return out || '(document)';
}

/** Follows `path` below `node`, matching sequence items by `name` when they have one; returns the steps reached. */
function follow(node: YNode, path: readonly PathStep[]): { node: YNode; pair?: YPair; depth: number } {
  let current: YNode = node;
  let pair: YPair | undefined;
  let depth = 0;
  for (const step of path) {
    if ('key' in step) {
      if (!isMap(current)) break;
      const next = [...current.pairs].reverse().find((p) => p.key.value === step.key);
      if (!next) break;
      pair = next;
      current = next.value;
    } else {
      if (!isSeq(current)) break;
      const item = step.name !== undefined ? current.items.find((i) => isMap(i) && scalarString(get1(i, 'name')) === step.name) : current.items[step.index];
      if (!item) break;
      pair = undefined;
      current = item;
    }
    depth++;
  }
  return pair ? { node: current, pair, depth } : { node: current, depth };
}

/** The span to point at for a node reached by a path: its key when it has one, else the node's first line. */
function spanOf(reached: { node: YNode; pair?: YPair }): { start: number; end: number } {
  if (reached.pair && !isScalar(reached.pair.value)) return { start: reached.pair.key.start, end: reached.pair.key.end };
  if (reached.pair) return { start: reached.pair.key.start, end: Math.max(reached.pair.key.end, reached.pair.value.end) };
  return { start: reached.node.start, end: Math.min(reached.node.end, reached.node.start + 1) };
}

function objectIdentity(root: YNode): { kind?: string; name?: string } {
  const kind = isMap(root) ? scalarString(get1(root, 'kind')) : undefined;
  const metadata = isMap(root) ? get1(root, 'metadata') : undefined;
  const name = isMap(metadata) ? scalarString(get1(metadata, 'name')) : undefined;
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}) };
}

/** Same kind, and the same name up to the prefixes and suffixes kustomize adds. */
function sameObject(rendered: { kind?: string; name?: string }, written: { kind?: string; name?: string }): boolean {
  if (written.kind && rendered.kind && written.kind !== rendered.kind) return false;
  if (written.name && rendered.name && !rendered.name.includes(written.name)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Kustomize

function fromKustomize(root: YNode, path: readonly PathStep[], node: YNode, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
  const identity = objectIdentity(root);
  const plain = toPlain(node);
  const patched = fromPatches(identity, path, plain, origin, parsed);
  if (patched) return patched;
  const lastKey = lastKeyOf(path);
  const resource = origin.resource ? writtenObject(origin.resource, identity, parsed) : undefined;
  if (lastKey === 'image') {
    const image = fromImages(resource ? follow(resource, path) : undefined, path, plain, origin, parsed);
    if (image) return image;
  }
  if (path.length === 2 && lastKeyOf(path) === 'namespace' && 'key' in path[0]! && path[0].key === 'metadata') {
    const namespace = fromKustomizationKey('namespace', origin, parsed);
    if (namespace) return namespace;
  }
  if (resource && origin.resource) {
    const reached = follow(resource, path);
    if (reached.depth > 0) {
      const complete = reached.depth === path.length;
      return { file: origin.resource.file, text: origin.resource.text, span: spanOf(reached), via: 'resource', ...(complete ? { node: reached.node } : {}), plainYaml: complete };
    }
  }
  if (path.length > 0 && lastKey === 'namespace') return fromKustomizationKey('namespace', origin, parsed);
  return undefined;
}

function lastKeyOf(path: readonly PathStep[]): string | undefined {
  const last = path[path.length - 1];
  return last && 'key' in last ? last.key : undefined;
}

/** The document of a resource file that is the rendered object. */
function writtenObject(source: SourceText, identity: { kind?: string; name?: string }, parsed: ParsedTexts): YNode | undefined {
  const roots = parsed.sections(source.text).flatMap((s) => s.roots).filter(isMap);
  return roots.find((r) => { const w = objectIdentity(r); return w.kind === identity.kind && w.name !== undefined && identity.name !== undefined && identity.name.includes(w.name); }) ?? (roots.length === 1 ? roots[0] : undefined);
}

function fromPatches(identity: { kind?: string; name?: string }, path: readonly PathStep[], rendered: unknown, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
  // A later patch wins over an earlier one, so the last match is the one that set the value.
  let best: Found | undefined;
  const consider = (source: SourceText, roots: readonly YNode[], offsetOf: (n: number) => number) => {
    for (const patch of roots) {
      const found = isSeq(patch) ? jsonPatchMatch(patch, path, rendered) : strategicMatch(patch, identity, path, rendered);
      if (found) best = { file: source.file, text: source.text, span: { start: offsetOf(found.span.start), end: offsetOf(found.span.end) }, via: 'patch', ...(found.node && offsetOf(0) === 0 ? { node: found.node } : {}), plainYaml: found.node !== undefined && offsetOf(0) === 0 };
    }
  };
  for (const source of origin.patches) consider(source, parsed.sections(source.text).flatMap((s) => s.roots), (n) => n);
  for (const kustomization of [...origin.kustomizations].reverse()) {
    for (const inline of inlinePatches(kustomization, parsed)) consider(kustomization, parsed.sections(inline.text).flatMap((s) => s.roots), inline.offsetOf);
  }
  return best;
}

/**
 * Whether a patch node wrote the rendered value: a scalar it sets, or a whole block that came out
 * as written. A block the patch only passes through (a container named to change one field of
 * it) and the `name` that selects a list item are not what a finding about that block is about.
 */
function setsValue(path: readonly PathStep[], written: YNode, rendered: unknown): boolean {
  const last = path[path.length - 1];
  const beforeLast = path[path.length - 2];
  if (last && 'key' in last && last.key === 'name' && beforeLast && 'index' in beforeLast) return false;
  return isScalar(written) || deepEqual(toPlain(written), rendered);
}

function strategicMatch(patch: YNode, identity: { kind?: string; name?: string }, path: readonly PathStep[], rendered: unknown): { span: { start: number; end: number }; node?: YNode } | undefined {
  if (!isMap(patch) || !sameObject(identity, objectIdentity(patch))) return undefined;
  const reached = follow(patch, path);
  if (reached.depth !== path.length || !setsValue(path, reached.node, rendered)) return undefined;
  return { span: spanOf(reached), node: reached.node };
}

/** JSON 6902 operations (`- op: replace, path: /spec/..., value: ...`) that touch the finding's path. */
function jsonPatchMatch(ops: YNode, path: readonly PathStep[], rendered: unknown): { span: { start: number; end: number }; node?: YNode } | undefined {
  if (!isSeq(ops)) return undefined;
  let best: { span: { start: number; end: number }; node?: YNode } | undefined;
  for (const op of ops.items) {
    if (!isMap(op)) continue;
    const target = scalarString(get1(op, 'path'));
    if (!target?.startsWith('/')) continue;
    const opPath = target.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const common = commonLength(opPath, path);
    if (common === opPath.length) {
      // The operation writes a value at or above the finding: look inside its value.
      const value = get1(op, 'value');
      const pathPair = op.pairs.find((p) => p.key.value === 'path')!;
      if (!value) {
        best = { span: { start: pathPair.key.start, end: pathPair.value.end } };
        continue;
      }
      const rest = path.slice(common);
      const reached = follow(value, rest);
      if (reached.depth === rest.length && !setsValue(path, reached.node, rendered)) continue;
      const valuePair = op.pairs.find((p) => p.key.value === 'value')!;
      if (reached.depth === rest.length) best = { span: rest.length ? spanOf(reached) : spanOf({ node: value, pair: valuePair }), node: reached.node };
      else best = { span: spanOf(reached.depth ? reached : { node: value }) };
    } else if (common === path.length) {
      // The operation changes something below the finding (e.g. removes a field the finding misses).
      const pathPair = op.pairs.find((p) => p.key.value === 'path')!;
      best = { span: { start: pathPair.key.start, end: pathPair.value.end } };
    }
  }
  return best;
}

function commonLength(opPath: readonly string[], path: readonly PathStep[]): number {
  let i = 0;
  for (; i < opPath.length && i < path.length; i++) {
    const step = path[i]!;
    const segment = opPath[i]!;
    if ('key' in step ? step.key !== segment : String(step.index) !== segment) break;
  }
  return i;
}

/** `patch: |` blocks of a kustomization's `patches:` (and inline `patchesStrategicMerge` entries). */
function inlinePatches(source: SourceText, parsed: ParsedTexts): { text: string; offsetOf: (n: number) => number }[] {
  const root = firstRoot(parsed.sections(source.text));
  if (!isMap(root)) return [];
  const out: { text: string; offsetOf: (n: number) => number }[] = [];
  const blocks: YNode[] = [];
  const patches = get1(root, 'patches');
  if (isSeq(patches)) for (const item of patches.items) if (isMap(item)) { const p = get1(item, 'patch'); if (p) blocks.push(p); }
  const psm = get1(root, 'patchesStrategicMerge');
  if (isSeq(psm)) for (const item of psm.items) if (isScalar(item) && typeof item.value === 'string' && item.value.includes('\n')) blocks.push(item);
  for (const block of blocks) {
    const mapped = blockScalarLines(source.text, block);
    if (mapped) out.push(mapped);
  }
  return out;
}

/**
 * The content of a literal block scalar (`|`) with a map from offsets in that content to offsets
 * in the file: line k of the content is line k after the indicator, less its indentation.
 */
function blockScalarLines(text: string, node: YNode): { text: string; offsetOf: (n: number) => number } | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  if (!/^[|>]/.test(text.slice(node.start, node.start + 1))) return undefined;
  const firstLine = text.indexOf('\n', node.start) + 1;
  if (firstLine <= 0) return undefined;
  const body = text.slice(firstLine, node.end);
  const indent = /^[ ]*/.exec(body.split('\n').find((l) => l.trim() !== '') ?? '')![0].length;
  const lineStarts: number[] = [];
  const contentLines: string[] = [];
  let at = firstLine;
  for (const line of body.split('\n')) {
    lineStarts.push(at);
    contentLines.push(line.slice(Math.min(indent, line.length - line.trimStart().length)));
    at += line.length + 1;
  }
  const content = contentLines.join('\n');
  const contentStarts: number[] = [];
  let c = 0;
  for (const line of contentLines) {
    contentStarts.push(c);
    c += line.length + 1;
  }
  const offsetOf = (n: number) => {
    let line = 0;
    while (line + 1 < contentStarts.length && contentStarts[line + 1]! <= n) line++;
    const shiftBy = Math.min(indent, body.split('\n')[line]!.length);
    return lineStarts[line]! + shiftBy + (n - contentStarts[line]!);
  };
  return { text: content, offsetOf };
}

/** The `images:` entry of a kustomization that renamed or retagged the image the resource wrote. */
function fromImages(written: { node: YNode } | undefined, path: readonly PathStep[], rendered: unknown, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
  const writtenImage = written && isScalar(written.node) ? String(written.node.value) : undefined;
  if (writtenImage === rendered && writtenImage !== undefined) return undefined;
  const repository = imageRepository(writtenImage ?? String(rendered));
  for (const source of origin.kustomizations) {
    const root = firstRoot(parsed.sections(source.text));
    const images = isMap(root) ? get1(root, 'images') : undefined;
    if (!isSeq(images)) continue;
    for (const entry of images.items) {
      if (!isMap(entry) || scalarString(get1(entry, 'name')) !== repository) continue;
      const key = ['newTag', 'digest', 'newName', 'name'].find((k) => get1(entry, k));
      const pair = [...entry.pairs].reverse().find((p) => p.key.value === key)!;
      return { file: source.file, text: source.text, span: { start: pair.key.start, end: pair.value.end }, via: 'kustomization', plainYaml: false };
    }
  }
  void path;
  return undefined;
}

function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** A top-level key of the kustomization nearest the root that sets it (e.g. `namespace:`). */
function fromKustomizationKey(key: string, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
  for (const source of origin.kustomizations) {
    const root = firstRoot(parsed.sections(source.text));
    if (!isMap(root)) continue;
    const pair = [...root.pairs].reverse().find((p) => p.key.value === key);
    if (pair) return { file: source.file, text: source.text, span: { start: pair.key.start, end: pair.value.end }, via: 'kustomization', plainYaml: false };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helm

function fromHelm(root: YNode, path: readonly PathStep[], node: YNode, origin: HelmOrigin, parsed: ParsedTexts): Found | undefined {
  void root;
  const keys = path.flatMap((s) => ('key' in s ? [s.key] : []));
  const lastKey = lastKeyOf(path);
  const plain = toPlain(node);
  const lines = origin.template ? parsed.lines(origin.template.text) : [];
  if (lastKey !== undefined && isScalar(node)) {
    const literal = bestTemplateLine(lines, keys, plain, true);
    if (literal && origin.template) return { file: origin.template.file, text: origin.template.text, span: literal.span, via: 'template', plainYaml: false };
  }
  if (lastKey !== undefined) {
    const fromValues = valuesMatch(keys, plain, origin.values, parsed);
    if (fromValues) return fromValues;
  }
  if (origin.template) {
    const line = bestTemplateLine(lines, keys, plain, false);
    if (line) return { file: origin.template.file, text: origin.template.text, span: line.span, via: 'template', plainYaml: false };
  }
  return undefined;
}

/** The values key whose value is the rendered one, with the longest run of keys in common with the rendered path. */
function valuesMatch(keys: readonly string[], plain: unknown, values: readonly ValuesSource[], parsed: ParsedTexts): Found | undefined {
  let best: { found: Found; score: number } | undefined;
  const last = keys[keys.length - 1];
  if (last === undefined) return undefined;
  for (const { source, prefix } of values) {
    for (const { pair, keys: fullKeys } of parsed.pairs(source.text, last)) {
      if (fullKeys.length <= prefix.length) continue;
      if (prefix.some((key, i) => fullKeys[i] !== key)) continue;
      const pairKeys = fullKeys.slice(prefix.length);
      if (!deepEqual(toPlain(pair.value), plain)) continue;
      const score = suffixLength(pairKeys, keys);
      // A lone scalar key (`enabled: true`) is weak evidence; a block, or two keys in common, is not.
      if (score < 2 && isScalar(pair.value) && pairKeys.length > 1) continue;
      if (!best || score > best.score) {
        const span = isScalar(pair.value) ? { start: pair.key.start, end: Math.max(pair.key.end, pair.value.end) } : { start: pair.key.start, end: pair.key.end };
        best = { found: { file: source.file, text: source.text, span, via: 'values', node: pair.value, plainYaml: true }, score };
      }
    }
  }
  return best?.found;
}

function visitPairs(node: YNode, keys: string[], visit: (pair: YPair, keys: string[]) => void): void {
  if (isMap(node)) {
    for (const pair of node.pairs) {
      const pairKeys = [...keys, String(pair.key.value)];
      visit(pair, pairKeys);
      visitPairs(pair.value, pairKeys, visit);
    }
  } else if (isSeq(node)) for (const item of node.items) visitPairs(item, keys, visit);
}

function suffixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

interface TemplateLine {
  /** Keys from the top of the template down to this line's key (indentation only; template actions are skipped). */
  readonly keys: readonly string[];
  /** The literal value written after the key, when there is one and it holds no template action. */
  readonly literal?: string;
  readonly span: { readonly start: number; readonly end: number };
}

const KEY_LINE = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[A-Za-z0-9_./-]+)\s*:(?:\s+(.*))?$/;

/** The key lines of a template, with the keys above each one by indentation. */
function templateLines(text: string): TemplateLine[] {
  const out: TemplateLine[] = [];
  const stack: { column: number; key: string }[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const lineStart = offset;
    offset += raw.length + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('{{')) continue;
    const match = KEY_LINE.exec(line);
    if (!match) continue;
    const column = match[1]!.length + match[2]!.length;
    while (stack.length && stack[stack.length - 1]!.column >= column) stack.pop();
    const key = match[3]!.replace(/^["']|["']$/g, '');
    stack.push({ column, key });
    const rest = (match[4] ?? '').replace(/\s+#.*$/, '').trim();
    const literal = rest && !rest.includes('{{') ? rest.replace(/^(["'])(.*)\1$/, '$2') : undefined;
    const keyStart = lineStart + column;
    out.push({ keys: stack.map((s) => s.key), ...(literal !== undefined ? { literal } : {}), span: { start: keyStart, end: lineStart + line.length } });
  }
  return out;
}

function bestTemplateLine(lines: readonly TemplateLine[], keys: readonly string[], plain: unknown, literalOnly: boolean): TemplateLine | undefined {
  let best: { line: TemplateLine; score: number } | undefined;
  for (const line of lines) {
    if (line.keys[line.keys.length - 1] !== keys[keys.length - 1]) continue;
    if (literalOnly && (line.literal === undefined || line.literal !== String(plain))) continue;
    const score = suffixLength(line.keys, keys);
    if (!best || score > best.score) best = { line, score };
  }
  return best?.line;
}

// ---------------------------------------------------------------------------------------------
// Fixes

/**
 * The fixes of a rendered finding, moved to the source node that holds the same content. Two
 * shapes move: replacing a scalar, and inserting a key at the end of a block map; a fix with any
 * other edit is dropped rather than guessed.
 */
function moveFixes(finding: RenderedFinding, rendered: YNode, source: YNode, sourceText: string): Fix[] {
  if (!deepEqual(toPlain(rendered), toPlain(source))) return [];
  const out: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits: TextEdit[] = [];
    for (const edit of fix.edits) {
      const moved = moveEdit(edit, finding.text, rendered, source, sourceText);
      if (!moved) break;
      edits.push(moved);
    }
    if (edits.length === fix.edits.length && edits.length > 0) out.push({ title: fix.title, safe: fix.safe, edits });
  }
  return out;
}

function moveEdit(edit: TextEdit, text: string, rendered: YNode, source: YNode, sourceText: string): TextEdit | undefined {
  const pair = twinAt(rendered, source, edit.start, edit.end);
  if (pair && isScalar(pair.rendered) && edit.start === pair.rendered.start && edit.end === pair.rendered.end && isScalar(pair.source)) {
    return { start: pair.source.start, end: pair.source.end, text: edit.text };
  }
  if (edit.start !== edit.end) return undefined;
  // An insertion after the last line of a block map: the same map in the source, re-indented.
  const indent = /^\n?( *)/.exec(edit.text)![1]!.length;
  const map = mapEndingAt(rendered, source, text, edit.start, indent);
  if (!map) return undefined;
  const renderedColumn = columnOf(text, map.rendered.pairs[0]!.key.start);
  const sourceColumn = columnOf(sourceText, map.source.pairs[0]!.key.start);
  const at = afterLine(sourceText, contentEnd(sourceText, map.source));
  const lines = edit.text.split('\n');
  const shifted = lines.map((line) => (line.trim() === '' ? line : reindent(line, sourceColumn - renderedColumn))).join('\n');
  const needsNewline = at === sourceText.length && !sourceText.endsWith('\n');
  return { start: at, end: at, text: needsNewline ? `\n${shifted.replace(/\n$/, '')}` : shifted };
}

function reindent(line: string, by: number): string {
  if (by >= 0) return ' '.repeat(by) + line;
  const spaces = line.length - line.trimStart().length;
  return line.slice(Math.min(spaces, -by));
}

/** The pair of twin nodes (same place in both trees) that holds a range, deepest first. */
function twinAt(rendered: YNode, source: YNode, start: number, end: number): { rendered: YNode; source: YNode } | undefined {
  if (!(rendered.start <= start && end <= rendered.end)) return undefined;
  if (isMap(rendered) && isMap(source)) {
    for (const pair of rendered.pairs) {
      const twin = [...source.pairs].reverse().find((p) => p.key.value === pair.key.value);
      if (!twin) continue;
      const inner = twinAt(pair.value, twin.value, start, end);
      if (inner) return inner;
    }
  } else if (isSeq(rendered) && isSeq(source)) {
    for (let i = 0; i < rendered.items.length && i < source.items.length; i++) {
      const inner = twinAt(rendered.items[i]!, source.items[i]!, start, end);
      if (inner) return inner;
    }
  }
  return { rendered, source };
}

/** The block map (in both trees) whose content ends on the line before `offset`. */
function mapEndingAt(rendered: YNode, source: YNode, text: string, offset: number, indent: number): { rendered: YMap; source: YMap } | undefined {
  const candidates: { rendered: YMap; source: YMap }[] = [];
  const visit = (r: YNode, s: YNode) => {
    if (isMap(r) && isMap(s)) {
      if (!r.flow && !s.flow && r.pairs.length && s.pairs.length && afterLine(text, contentEnd(text, r)) === offset) candidates.push({ rendered: r, source: s });
      for (const pair of r.pairs) {
        const twin = [...s.pairs].reverse().find((p) => p.key.value === pair.key.value);
        if (twin) visit(pair.value, twin.value);
      }
    } else if (isSeq(r) && isSeq(s)) {
      for (let i = 0; i < r.items.length && i < s.items.length; i++) visit(r.items[i]!, s.items[i]!);
    }
  };
  visit(rendered, source);
  // Nested maps can end on the same line: the insertion's indentation tells which one it goes into.
  return candidates.find((c) => columnOf(text, c.rendered.pairs[0]!.key.start) === indent);
}

function contentEnd(text: string, node: YNode): number {
  if (isMap(node) && !node.flow && node.pairs.length) return contentEnd(text, node.pairs[node.pairs.length - 1]!.value);
  if (isSeq(node) && !node.flow && node.items.length) return contentEnd(text, node.items[node.items.length - 1]!);
  let end = node.end;
  while (end > node.start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function afterLine(text: string, offset: number): number {
  const lineEnd = text.indexOf('\n', offset);
  return lineEnd < 0 ? text.length : lineEnd + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
