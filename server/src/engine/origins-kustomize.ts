/** engine/origins.ts for kustomize output: patches, `images:`, `namespace:`, then the resource file. */
import { isMap, isScalar, isSeq, toPlain, type YNode } from './model.js';
import type { KustomizeOrigin, PathStep, SourceText } from './origins.js';
import { deepEqual, firstRoot, follow, get1, lastKeyOf, objectIdentity, sameObject, scalarString, spanOf, type Found, type ParsedTexts } from './origins-tree.js';

export function fromKustomize(root: YNode, path: readonly PathStep[], node: YNode, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
  const identity = objectIdentity(root);
  const plain = toPlain(node);
  const patched = fromPatches(identity, path, plain, origin, parsed);
  if (patched) return patched;
  const lastKey = lastKeyOf(path);
  const resource = origin.resource ? writtenObject(origin.resource, identity, parsed) : undefined;
  if (lastKey === 'image') {
    const image = fromImages(resource ? follow(resource, path) : undefined, plain, origin, parsed);
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

/** The document of a resource file that is the rendered object. */
function writtenObject(source: SourceText, identity: { kind?: string; name?: string }, parsed: ParsedTexts): YNode | undefined {
  const roots = parsed.sections(source.text).flatMap((s) => s.roots).filter(isMap);
  return roots.find((r) => { const w = objectIdentity(r); return w.kind === identity.kind && w.name !== undefined && identity.name !== undefined && identity.name.includes(w.name); }) ?? (roots.length === 1 ? roots[0] : undefined);
}

export function fromPatches(identity: { kind?: string; name?: string }, path: readonly PathStep[], rendered: unknown, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
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
function fromImages(written: { node: YNode } | undefined, rendered: unknown, origin: KustomizeOrigin, parsed: ParsedTexts): Found | undefined {
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
