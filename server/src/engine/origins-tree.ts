/**
 * What engine/origins.ts and its helpers share: parsed texts kept by text, paths in rendered
 * objects and how to follow them in a source, and the key lines of a template.
 */
import { isMap, isScalar, isSeq, toPlain, type YMap, type YNode, type YPair } from './model.js';
import type { OriginKind, PathStep } from './origins.js';
import { parseSection, splitSections } from './parse.js';

export interface Found {
  readonly file: string;
  readonly text: string;
  readonly span: { readonly start: number; readonly end: number };
  readonly via: OriginKind;
  /** The source node holding the rendered value, when the source is YAML the fixes can edit. */
  readonly node?: YNode;
  readonly plainYaml: boolean;
}

type PairIndex = Map<string, { pair: YPair; keys: string[] }[]>;

/** Parsed sections of texts, kept per text (one source text serves many findings). */
export class ParsedTexts {
  private readonly cache = new Map<string, { start: number; roots: readonly YNode[] }[]>();
  private readonly keyLines = new Map<string, TemplateLine[]>();
  /** Per values text, the index of each top-level entry. */
  private readonly valuePairs = new Map<string, readonly PairIndex[]>();
  private readonly pairIndexes = new WeakMap<YPair, PairIndex>();
  private readonly plains = new WeakMap<YNode, unknown>();
  /** Top-level blocks parsed by their text (null: not a block map on its own), and placed at an offset. */
  private readonly blockParses = new Map<string, YMap | null>();
  private readonly blocks = new Map<string, YMap | undefined>();

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

  /**
   * The plain value of a node of a parsed source, converted once (a values block is compared
   * with the rendered value of every finding whose key it shares). Only read, never changed.
   */
  plain(node: YNode): unknown {
    if (node.kind === 'scalar') return node.value;
    if (this.plains.has(node)) return this.plains.get(node);
    const value = toPlain(node);
    this.plains.set(node, value);
    return value;
  }

  /** The key lines of a template (see `templateLines`). */
  lines(text: string): TemplateLine[] {
    return this.keyLines.get(text) ?? this.remember(this.keyLines, text, templateLines(text));
  }

  /**
   * The pairs of a values file whose key is `key`, with the keys down to each: an index per
   * top-level entry, kept with that entry's parse, so an edit re-indexes only the block it touched.
   */
  pairs(text: string, key: string): readonly { pair: YPair; keys: string[] }[] {
    let known = this.valuePairs.get(text);
    if (!known) {
      const root = firstRoot(this.sections(text));
      known = this.remember(this.valuePairs, text, isMap(root) ? root.pairs.map((pair) => this.pairIndex(pair)) : []);
    }
    if (known.length === 1) return known[0]!.get(key) ?? [];
    const out: { pair: YPair; keys: string[] }[] = [];
    for (const index of known) {
      const found = index.get(key);
      if (found) out.push(...found);
    }
    return out;
  }

  /** The pairs at and below a top-level pair, by key. */
  private pairIndex(top: YPair): PairIndex {
    let index = this.pairIndexes.get(top);
    if (!index) {
      const byKey: PairIndex = new Map();
      const add = (pair: YPair, keys: string[]) => {
        const last = keys[keys.length - 1]!;
        const list = byKey.get(last);
        if (list) list.push({ pair, keys });
        else byKey.set(last, [{ pair, keys }]);
      };
      const keys = [String(top.key.value)];
      add(top, keys);
      visitPairs(top.value, keys, add);
      index = byKey;
      this.pairIndexes.set(top, index);
    }
    return index;
  }

  sections(text: string): { start: number; roots: readonly YNode[] }[] {
    return this.cache.get(text) ?? this.remember(this.cache, text, splitSections(text).map((s) => ({ start: s.start, roots: this.sectionRoots(s.text, s.start) })));
  }

  /**
   * The roots of one section at `offset`. A block map at the top (a values file, a resource) is
   * parsed one top-level key at a time, each block kept by its text and offset: an edit of a
   * 4,000-line values file re-parses the block it touched, not the file. Whatever the blocks
   * cannot vouch for (aliases, a syntax error, a line at the margin that starts no key) is
   * parsed whole.
   */
  private sectionRoots(text: string, offset: number): readonly YNode[] {
    const blocks = topLevelBlocks(text);
    if (blocks && blocks.length > 1) {
      const pairs: YPair[] = [];
      let start: number | undefined;
      let end = offset;
      for (const block of blocks) {
        const root = this.blockRoot(text.slice(block.start, block.end), offset + block.start);
        if (!root) return shiftRoots(parseSection(text).roots, offset);
        start ??= root.start;
        end = root.end;
        pairs.push(...root.pairs);
      }
      return [{ kind: 'map', flow: false, start: start ?? offset, end, pairs }];
    }
    return shiftRoots(parseSection(text).roots, offset);
  }

  /** One top-level block parsed at its offset; undefined when it does not stand alone as a block map. */
  private blockRoot(text: string, offset: number): YMap | undefined {
    const key = `${offset}\0${text}`;
    if (this.blocks.has(key)) return this.blocks.get(key);
    let parsedAt = this.blockParses.get(text);
    if (parsedAt === undefined) {
      const parsed = parseSection(text);
      const root = parsed.roots[0];
      parsedAt = !parsed.error && !parsed.aliases && parsed.roots.length === 1 && isMap(root) && !root.flow ? root : null;
      this.remember(this.blockParses, text, parsedAt);
    }
    return this.remember(this.blocks, key, parsedAt ? (shiftNode(parsedAt, offset) as YMap) : undefined);
  }
}

/**
 * The top-level blocks of a section whose root is a block map: each starts at a key written at
 * the margin (comments and blank lines go with the key after them). Undefined when some line at
 * the margin is not such a key (a sequence, a flow or multi-line construct, a directive).
 */
function topLevelBlocks(text: string): { start: number; end: number }[] | undefined {
  if (mayHoldAnchors(text)) return undefined;
  const starts: number[] = [];
  let pending: number | undefined;
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const c = text.charCodeAt(lineStart);
    if (c === 35 /* # */ || lineEnd === lineStart || (c === 13 && lineEnd === lineStart + 1)) pending ??= lineStart;
    else if (c === 32 || c === 9) pending = undefined;
    else if (startsPlainKey(text, lineStart, lineEnd)) {
      starts.push(starts.length === 0 ? 0 : (pending ?? lineStart));
      pending = undefined;
    } else return undefined;
    lineStart = lineEnd + 1;
  }
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1]! : text.length }));
}

/**
 * Whether an anchor may be written (`&name` where a node can start, outside comments): an alias
 * in one entry can name an anchor in another, so such a text is parsed whole. Without anchors an
 * alias resolves to nothing, parsed whole or not. A `&` in a quoted or block scalar counts too
 * (parsed whole: slower, still right).
 */
function mayHoldAnchors(text: string): boolean {
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    const blankBefore = before === 32 || before === 9 || before === 10 || before === 13;
    if (c === 35 /* # */ && blankBefore) {
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) return false;
      i = lineEnd;
      continue;
    }
    if (c !== 38 /* & */) continue;
    const after = text.charCodeAt(i + 1);
    const nodeStart = blankBefore || before === 91 || before === 123 || before === 44;
    if (nodeStart && after !== 32 && after !== 9 && after !== 10 && after !== 13) return true;
  }
  return false;
}

/** A line at the margin that starts with a plain key (`name:` then a blank or the line end). */
function startsPlainKey(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 47;
    if (word && !(i === start && (c === 45 || c === 46))) continue;
    if (c !== 58 /* : */ || i === start) return false;
    const next = i + 1 < end ? text.charCodeAt(i + 1) : 10;
    return next === 32 || next === 9 || next === 10 || next === 13;
  }
  return false;
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
    pairs: node.pairs.map((p) => ({ ...p, start: p.start + by, end: p.end + by, key: shiftNode(p.key, by) as YPair['key'], value: shiftNode(p.value, by) })),
  };
}

export function firstRoot(sections: { roots: readonly YNode[] }[]): YNode | undefined {
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

export function get1(map: YMap, key: string): YNode | undefined {
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i]!.key.value === key) return map.pairs[i]!.value;
  return undefined;
}

export function scalarString(node: YNode | undefined): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

export function formatPath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) out += 'key' in step ? (out ? `.${step.key}` : step.key) : `[${step.index}]`;
  return out || '(document)';
}

/** Follows `path` below `node`, matching sequence items by `name` when they have one; returns the steps reached. */
export function follow(node: YNode, path: readonly PathStep[]): { node: YNode; pair?: YPair; depth: number } {
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
export function spanOf(reached: { node: YNode; pair?: YPair }): { start: number; end: number } {
  if (reached.pair && !isScalar(reached.pair.value)) return { start: reached.pair.key.start, end: reached.pair.key.end };
  if (reached.pair) return { start: reached.pair.key.start, end: Math.max(reached.pair.key.end, reached.pair.value.end) };
  return { start: reached.node.start, end: Math.min(reached.node.end, reached.node.start + 1) };
}

export function objectIdentity(root: YNode): { kind?: string; name?: string } {
  const kind = isMap(root) ? scalarString(get1(root, 'kind')) : undefined;
  const metadata = isMap(root) ? get1(root, 'metadata') : undefined;
  const name = isMap(metadata) ? scalarString(get1(metadata, 'name')) : undefined;
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}) };
}

/** Same kind, and the same name up to the prefixes and suffixes kustomize adds. */
export function sameObject(rendered: { kind?: string; name?: string }, written: { kind?: string; name?: string }): boolean {
  if (written.kind && rendered.kind && written.kind !== rendered.kind) return false;
  if (written.name && rendered.name && !rendered.name.includes(written.name)) return false;
  return true;
}

export function lastKeyOf(path: readonly PathStep[]): string | undefined {
  const last = path[path.length - 1];
  return last && 'key' in last ? last.key : undefined;
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

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface TemplateLine {
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
    const rest = withoutComment(match[4] ?? '').trim();
    const literal = rest && !rest.includes('{{') ? rest.replace(/^(["'])(.*)\1$/, '$2') : undefined;
    const keyStart = lineStart + column;
    out.push({ keys: stack.map((s) => s.key), ...(literal !== undefined ? { literal } : {}), span: { start: keyStart, end: lineStart + line.length } });
  }
  return out;
}

export function contentEnd(text: string, node: YNode): number {
  if (isMap(node) && !node.flow && node.pairs.length) return contentEnd(text, node.pairs[node.pairs.length - 1]!.value);
  if (isSeq(node) && !node.flow && node.items.length) return contentEnd(text, node.items[node.items.length - 1]!);
  let end = node.end;
  while (end > node.start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

export function afterLine(text: string, offset: number): number {
  const lineEnd = text.indexOf('\n', offset);
  return lineEnd < 0 ? text.length : lineEnd + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * A value as written without its trailing comment (a `#` after a blank). A scan: the pattern
 * `\s+#.*$` backtracks quadratically on a long run of blanks.
 */
function withoutComment(value: string): string {
  for (let i = 1; i < value.length; i++) {
    if (value.charCodeAt(i) === 35 /* # */ && (value.charCodeAt(i - 1) === 32 || value.charCodeAt(i - 1) === 9)) return value.slice(0, i);
  }
  return value;
}
