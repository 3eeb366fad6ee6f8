/**
 * The positioned YAML model the rules read.
 *
 * Offsets are UTF-16 code-unit indexes into the text of the YAML document being analysed
 * (one `---` section of a stream); the runner shifts them to file offsets. The model is
 * our own so that rules do not depend on how it is built from the parser's output.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type YNode = YMap | YSeq | YScalar;

export type ScalarValue = string | number | boolean | null;

interface NodeBase extends Span {
  /** True when the node was reached through a YAML alias: edits must not target it. */
  readonly viaAlias?: boolean;
}

export interface YScalar extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** True for `key:` with no value at all (the span is empty, at the place a value would go). */
  readonly empty: boolean;
}

export interface YPair extends Span {
  readonly key: YScalar;
  readonly value: YNode;
  /**
   * True for an entry merged in by a merge key (`<<: *base`): it is written where its anchor is,
   * so its offsets point there, and edits of this map must not target it.
   */
  readonly merged?: boolean;
}

export interface YMap extends NodeBase {
  readonly kind: 'map';
  readonly flow: boolean;
  readonly pairs: readonly YPair[];
  /** How many of the first `pairs` come from merge keys (`<<: *base`) rather than being written in the map. */
  readonly merged?: number;
}

export interface YSeq extends NodeBase {
  readonly kind: 'seq';
  readonly flow: boolean;
  readonly items: readonly YNode[];
}

export const isMap = (n: YNode | undefined): n is YMap => n?.kind === 'map';
export const isSeq = (n: YNode | undefined): n is YSeq => n?.kind === 'seq';
export const isScalar = (n: YNode | undefined): n is YScalar => n?.kind === 'scalar';

/** The entries written in `map` itself, without those merged in from an anchor. */
export function writtenPairs(map: YMap): readonly YPair[] {
  return map.pairs.length && map.pairs[0]!.merged ? map.pairs.filter((pair) => !pair.merged) : map.pairs;
}

/** A use of an anchored node by an alias (`*name`, or a merge key's `<<: *name`). */
export interface AliasUse {
  /** The span of the anchored node. */
  readonly target: Span;
  /** Where the alias is written. */
  readonly at: number;
}

/** Whether the key of `pair` reads as `key` where Kubernetes decodes it: through JSON, where every key is a string (`1` and "1" are one key). */
export function hasKey(pair: YPair, key: string): boolean {
  return !pair.key.empty && String(pair.key.value) === key;
}

/** The pair of `map` whose key is `key`, if any (the last one wins, as in YAML loaders). */
export function pairOf(map: YNode | undefined, key: string): YPair | undefined {
  if (!isMap(map)) return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i]!;
    if (pair.key.value === key) return pair;
  }
  return undefined;
}

/** The value at `path` below `node`; string segments index maps, numbers index sequences. */
export function get(node: YNode | undefined, ...path: (string | number)[]): YNode | undefined {
  let current = node;
  for (const segment of path) {
    if (current === undefined) return undefined;
    if (typeof segment === 'number') current = isSeq(current) ? current.items[segment] : undefined;
    else current = pairOf(current, segment)?.value;
  }
  return current;
}

/** The map at `path`, or undefined when absent or not a map. */
export function getMap(node: YNode | undefined, ...path: (string | number)[]): YMap | undefined {
  const found = get(node, ...path);
  return isMap(found) ? found : undefined;
}

/** The sequence at `path`, or undefined when absent or not a sequence. */
export function getSeq(node: YNode | undefined, ...path: (string | number)[]): YSeq | undefined {
  const found = get(node, ...path);
  return isSeq(found) ? found : undefined;
}

/** The scalar value at `path`, or undefined when absent or not a scalar. */
export function scalarAt(node: YNode | undefined, ...path: (string | number)[]): ScalarValue | undefined {
  const found = get(node, ...path);
  return isScalar(found) ? found.value : undefined;
}

/** The string value at `path`, or undefined when absent or not a string. */
export function stringAt(node: YNode | undefined, ...path: (string | number)[]): string | undefined {
  const value = scalarAt(node, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** Items of the sequence at `path` (empty when absent). */
export function itemsAt(node: YNode | undefined, ...path: (string | number)[]): readonly YNode[] {
  return getSeq(node, ...path)?.items ?? [];
}

/**
 * Converts a node to plain data (for schema validation and messages). An alias and its anchor
 * convert to one shared value, so an alias bomb stays as small as its text.
 */
export function toPlain(node: YNode | undefined): unknown {
  return plain(node, new Map());
}

function plain(node: YNode | undefined, converted: Map<object, unknown>): unknown {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') return node.value;
  // Alias nodes share their target's item and pair arrays.
  const body = node.kind === 'seq' ? node.items : node.pairs;
  const known = converted.get(body);
  if (known !== undefined) return known;
  let out: unknown;
  if (node.kind === 'seq') out = node.items.map((item) => plain(item, converted));
  else {
    const map: Record<string, unknown> = {};
    for (const pair of node.pairs) map[String(pair.key.value)] = plain(pair.value, converted);
    out = map;
  }
  converted.set(body, out);
  return out;
}

/**
 * The most nodes a value may hold, aliases expanded, to be written out (the text of a fix) or
 * walked in full (schema validation). An alias and its anchor share one plain value, but
 * writing or walking it expands every alias: nested aliases grow exponentially with their text.
 */
export const MAX_EXPANDED_NODES = 10_000;

/**
 * How many nodes `node` holds with its aliases expanded, counted no further than just past
 * `limit` (so that the answer comes in time linear in the text, however far aliases would expand).
 */
export function expandedSize(node: YNode | undefined, limit = MAX_EXPANDED_NODES): number {
  return sizeOf(node, limit, new Map());
}

function sizeOf(node: YNode | undefined, limit: number, known: Map<object, number>): number {
  if (node === undefined || node.kind === 'scalar') return 1;
  // Alias nodes share their target's item and pair arrays.
  const body = node.kind === 'seq' ? node.items : node.pairs;
  const seen = known.get(body);
  if (seen !== undefined) return seen;
  let size = 1;
  if (node.kind === 'seq') {
    for (const item of node.items) if ((size += sizeOf(item, limit, known)) > limit) break;
  } else {
    for (const pair of node.pairs) if ((size += 1 + sizeOf(pair.value, limit, known)) > limit) break;
  }
  size = Math.min(size, limit + 1);
  known.set(body, size);
  return size;
}
