/** Copies of the positioned model and its comments with offsets moved, for a model spliced after an edit. */
import type { CommentLine } from './cst-model.js';
import type { YMap, YNode, YPair, YScalar } from './model.js';

/** A copy of `node` with every offset moved by `by` (the model holds no aliases here, so it is a tree). */
export function moved(node: YNode, by: number): YNode {
  switch (node.kind) {
    case 'scalar':
      return movedScalar(node, by);
    case 'map': {
      const pairs = node.pairs.map((pair) => movedPair(pair, by));
      const map: YMap = { kind: 'map', start: node.start + by, end: node.end + by, flow: node.flow, pairs };
      return node.merged ? { ...map, merged: node.merged } : map;
    }
    case 'seq':
      return { kind: 'seq', start: node.start + by, end: node.end + by, flow: node.flow, items: node.items.map((item) => moved(item, by)) };
  }
}

export function movedScalar(node: YScalar, by: number): YScalar {
  return { kind: 'scalar', start: node.start + by, end: node.end + by, value: node.value, empty: node.empty };
}

export function movedPair(pair: YPair, by: number): YPair {
  const copy = { key: movedScalar(pair.key, by), value: moved(pair.value, by), start: pair.start + by, end: pair.end + by };
  return pair.merged ? { ...copy, merged: true } : copy;
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
