/**
 * An edit inside a comment changes no value: a comment runs from its `#` to the end of its line,
 * so as long as the `#` stays and no line break is added or removed, the section reads as before
 * with the comment's text changed and everything after it moved by the edit's length. No block is
 * parsed again, however large the document (a comment above a ConfigMap's embedded file).
 */
import type { CommentLine } from './cst-model.js';
import { shifted, shiftedPair } from './model-shift.js';
import type { YNode, YPair } from './model.js';
import { ownCopy, type ParsedSection } from './parse.js';
import type { TextChange } from './text-change.js';

/**
 * The parse of `text` when `change` lies inside one of `old`'s comments (after its `#`, up to its
 * line's end) and writes no line break; undefined otherwise. Also undefined when a node starts or
 * ends where the edit is (text added at the end of a line that also ends a node: which of the two
 * it extends is the parser's to say).
 */
export function commentEdited(old: ParsedSection, before: string, text: string, change: TextChange): Pick<ParsedSection, 'roots' | 'comments'> | undefined {
  const index = commentBefore(old.comments, change.start);
  if (index < 0) return undefined;
  const comment = old.comments[index]!;
  let lineEnd = before.indexOf('\n', comment.start);
  if (lineEnd < 0) lineEnd = before.length;
  if (change.oldEnd > lineEnd || hasLineBreak(before, change.start, change.oldEnd) || hasLineBreak(text, change.start, change.newEnd)) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const roots: YNode[] = [];
  for (const root of old.roots) {
    const shifted = shiftedAround(root, change, delta);
    if (!shifted) return undefined;
    roots.push(shifted);
  }
  const edited: CommentLine = { start: comment.start, text: ownCopy(text.slice(comment.start, lineEnd + delta).trimEnd()), ownLine: comment.ownLine };
  const comments = old.comments.slice(0, index);
  comments.push(edited);
  for (let i = index + 1; i < old.comments.length; i++) {
    const c = old.comments[i]!;
    comments.push({ start: c.start + delta, text: c.text, ownLine: c.ownLine });
  }
  return { roots, comments };
}

/** The index of the last comment starting before `offset` (after its `#`: a comment starts at its `#`), or -1. */
function commentBefore(comments: readonly CommentLine[], offset: number): number {
  let low = 0;
  let high = comments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (comments[mid]!.start < offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Whether `offset` is where the edit is (between its start and its old end, both included). */
function touches(offset: number, change: TextChange): boolean {
  return offset >= change.start && offset <= change.oldEnd;
}

/**
 * `node` with the offsets after the edit moved by `delta`: the node itself when it ends before the
 * edit, moved (model-shift.ts) when it starts after it, a copy with its children done alike when it spans it;
 * undefined when one of its offsets falls at the edit.
 */
function shiftedAround(node: YNode, change: TextChange, delta: number): YNode | undefined {
  if (node.end < change.start) return node;
  if (node.start > change.oldEnd) return shifted(node, delta);
  if (touches(node.start, change) || touches(node.end, change)) return undefined;
  switch (node.kind) {
    case 'scalar':
      // A block scalar's header comment: the value is as it was.
      return { kind: 'scalar', start: node.start, end: node.end + delta, value: node.value, empty: node.empty };
    case 'map': {
      const pairs: YPair[] = [];
      for (const pair of node.pairs) {
        const shifted = pairShiftedAround(pair, change, delta);
        if (!shifted) return undefined;
        pairs.push(shifted);
      }
      return node.merged ? { kind: 'map', start: node.start, end: node.end + delta, flow: node.flow, pairs, merged: node.merged } : { kind: 'map', start: node.start, end: node.end + delta, flow: node.flow, pairs };
    }
    case 'seq': {
      const items: YNode[] = [];
      for (const item of node.items) {
        const shifted = shiftedAround(item, change, delta);
        if (!shifted) return undefined;
        items.push(shifted);
      }
      return { kind: 'seq', start: node.start, end: node.end + delta, flow: node.flow, items };
    }
  }
}

function pairShiftedAround(pair: YPair, change: TextChange, delta: number): YPair | undefined {
  if (pair.end < change.start) return pair;
  if (pair.start > change.oldEnd) return shiftedPair(pair, delta);
  if (touches(pair.start, change) || touches(pair.end, change)) return undefined;
  const key = shiftedAround(pair.key, change, delta);
  const value = shiftedAround(pair.value, change, delta);
  if (!key || !value || key.kind !== 'scalar') return undefined;
  return pair.merged ? { key, value, start: pair.start, end: pair.end + delta, merged: true } : { key, value, start: pair.start, end: pair.end + delta };
}
