/**
 * The positioned model and its comments with offsets moved, for a model spliced after an edit.
 *
 * An edit in the middle of a large document moves every node after it. Copying them all would
 * cost work and memory in proportion to the document on every keystroke, so the nodes after an
 * edit are views: a shifted map or sequence holds the node it stands for (its origin) and how far
 * it moved, gives its own offsets at once, and builds its children (views again) the first time
 * they are read. A view of a view stands for the first one's origin, moved by both distances, so
 * views never stack however many edits follow. Readers see ordinary nodes with exact offsets;
 * the origin of a view, whose content is that of the view at other offsets, lets a check that
 * does not depend on offsets keep its verdict per origin across edits (`originOf`).
 */
import type { CommentLine } from './cst-model.js';
import type { YMap, YNode, YPair, YScalar, YSeq } from './model.js';

/** A copy of `node` with every offset moved by `by`, built at once: for a block just parsed, which is read in full (the model holds no aliases here, so it is a tree). */
export function moved(node: YNode, by: number): YNode {
  switch (node.kind) {
    case 'scalar':
      return movedScalar(node, by);
    case 'map': {
      const pairs = node.pairs.map((pair): YPair => {
        const copy = { key: movedScalar(pair.key, by), value: moved(pair.value, by), start: pair.start + by, end: pair.end + by };
        return pair.merged ? { ...copy, merged: true } : copy;
      });
      const map: YMap = { kind: 'map', start: node.start + by, end: node.end + by, flow: node.flow, pairs };
      return node.merged ? { ...map, merged: node.merged } : map;
    }
    case 'seq':
      return { kind: 'seq', start: node.start + by, end: node.end + by, flow: node.flow, items: node.items.map((item) => moved(item, by)) };
  }
}

function movedScalar(node: YScalar, by: number): YScalar {
  return { kind: 'scalar', start: node.start + by, end: node.end + by, value: node.value, empty: node.empty };
}

/** `node` moved by `by`: a scalar copied, a collection as a view whose children are built when read. */
export function shifted(node: YNode, by: number): YNode {
  if (by === 0) return node;
  switch (node.kind) {
    case 'scalar':
      return movedScalar(node, by);
    case 'map':
      return node instanceof ShiftedMap ? new ShiftedMap(node.origin, node.by + by) : new ShiftedMap(node, by);
    case 'seq':
      return node instanceof ShiftedSeq ? new ShiftedSeq(node.origin, node.by + by) : new ShiftedSeq(node, by);
  }
}

/** `pair` moved by `by` (its value as `shifted` moves it). */
export function shiftedPair(pair: YPair, by: number): YPair {
  if (by === 0) return pair;
  const copy = { key: movedScalar(pair.key, by), value: shifted(pair.value, by), start: pair.start + by, end: pair.end + by };
  return pair.merged ? { ...copy, merged: true } : copy;
}

/**
 * The node whose content `node` has: the origin of a view, the node itself otherwise. Two nodes
 * with one origin differ in their offsets only, so what a check finds without reading offsets (no
 * key written twice below it, say) holds for both.
 */
export function originOf(node: YNode): YNode {
  return node instanceof Shifted ? node.origin : node;
}

/** What the views of a map and of a sequence share: their origin, how far it moved, and their own offsets at once. */
abstract class Shifted<N extends YMap | YSeq> {
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;

  constructor(
    readonly origin: N,
    readonly by: number,
  ) {
    this.start = origin.start + by;
    this.end = origin.end + by;
    this.flow = origin.flow;
  }
}

class ShiftedMap extends Shifted<YMap> implements YMap {
  readonly kind = 'map';
  declare readonly merged?: number;
  private built: readonly YPair[] | undefined;

  constructor(origin: YMap, by: number) {
    super(origin, by);
    if (origin.merged) (this as { merged?: number }).merged = origin.merged;
  }

  get pairs(): readonly YPair[] {
    return (this.built ??= this.origin.pairs.map((pair) => shiftedPair(pair, this.by)));
  }
}

class ShiftedSeq extends Shifted<YSeq> implements YSeq {
  readonly kind = 'seq';
  private built: readonly YNode[] | undefined;

  get items(): readonly YNode[] {
    return (this.built ??= this.origin.items.map((item) => shifted(item, this.by)));
  }
}

/** Comments of a text parsed alone, at their offsets in the section that text starts at `by` in. */
export function movedComments(comments: readonly CommentLine[], by: number): readonly CommentLine[] {
  return by === 0 ? comments : comments.map((c) => ({ start: c.start + by, text: c.text, ownLine: c.ownLine }));
}

/** The section's comments: those before the block, the block's new ones, those after it moved by `delta`. */
export function spliceComments(old: readonly CommentLine[], block: readonly CommentLine[], from: number, oldEnd: number, delta: number): CommentLine[] {
  const out: CommentLine[] = [];
  let i = 0;
  while (i < old.length && old[i]!.start < from) out.push(old[i++]!);
  for (const comment of block) out.push(comment);
  while (i < old.length && old[i]!.start < oldEnd) i++;
  for (; i < old.length; i++) {
    const c = old[i]!;
    out.push({ start: c.start + delta, text: c.text, ownLine: c.ownLine });
  }
  return out;
}
