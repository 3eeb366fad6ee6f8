/**
 * What engine/origins.ts and its helpers share: parsed texts kept by text, paths in rendered
 * objects and how to follow them in a source, and the key lines of a template.
 */
import { isMap, isScalar, isSeq, type YMap, type YNode, type YPair } from './model.js';
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
