/**
 * An edit inside a comment changes no value: a comment runs from its `#` to the end of its line,
 * so as long as the `#` stays and no line break is added or removed, the section reads as before
 * with the comment's text changed and everything after it moved by the edit's length. No block is
 * parsed again, however large the document (a comment above a ConfigMap's embedded file). So does
 * a comment added at the end of a line that ends in no scalar, or taken away from there.
 */
import type { CommentLine } from './cst-model.js';
import { shifted, shiftedPair } from './model-shift.js';
import type { YNode, YPair, YSeq } from './model.js';
import { ownCopy, type ParsedSection } from './parse.js';
import type { TextChange } from './text-change.js';

/**
 * The parse of `text` when `change` lies inside one of `old`'s comments (after its `#`, up to its
 * line's end) and writes no line break; undefined otherwise. Also undefined when a node starts or
 * ends where the edit is (text added at the end of a line that also ends a node: which of the two
 * it extends is the parser's to say).
 */
export function commentEdited(old: ParsedSection, before: string, text: string, change: TextChange): Pick<ParsedSection, 'roots' | 'comments'> | undefined {
  if (hasLineBreak(before, change.start, change.oldEnd) || hasLineBreak(text, change.start, change.newEnd)) return undefined;
  const index = commentBefore(old.comments, change.start);
  const comment = old.comments[index];
  let lineEnd = comment ? before.indexOf('\n', comment.start) : -1;
  if (comment && lineEnd < 0) lineEnd = before.length;
  if (!comment || lineEnd < change.start) return trailingCommentToggled(old, before, text, change);
  if (change.oldEnd > lineEnd) return undefined;
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

/**
 * A comment added at the end of a line (` # ...`) or the one there taken away, where the line's
 * last character ends no node and no scalar runs through it: after a key whose value is written
 * below it (`properties:`), an item's `-`, in block collections only. A scalar there (a plain
 * scalar running on, a block scalar's header, an empty value) is left to a parse.
 */
function trailingCommentToggled(old: ParsedSection, before: string, text: string, change: TextChange): Pick<ParsedSection, 'roots' | 'comments'> | undefined {
  const added = text.slice(change.start, change.newEnd);
  const removed = before.slice(change.start, change.oldEnd);
  const written = added || removed;
  if ((added && removed) || !isTrailingComment(written)) return undefined;
  // At the end of the line, after its last character (in the text that has no such comment).
  const plain = added ? before : text;
  const after = plain.charCodeAt(change.start);
  const last = plain.charCodeAt(change.start - 1);
  if (!(Number.isNaN(after) || after === 10) || Number.isNaN(last) || last === 32 || last === 10 || last === 13 || last === 9) return undefined;
  const lineStart = before.lastIndexOf('\n', change.start - 1) + 1;
  if (old.roots.length !== 1 || !onlyCollectionsAround(old.roots[0]!, change.start)) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const root = shiftedAround(old.roots[0]!, change, delta);
  if (!root) return undefined;
  const at = change.start + written.indexOf('#');
  const comments: CommentLine[] = [];
  for (const c of old.comments) {
    if (c.start < change.start) {
      // The line had no comment already (the edit would then be inside it).
      if (c.start >= lineStart) return undefined;
      comments.push(c);
    } else if (c.start !== at || !removed) comments.push({ start: c.start + delta, text: c.text, ownLine: c.ownLine });
  }
  if (added) comments.splice(commentBefore(comments, at) + 1, 0, { start: at, text: ownCopy(added.slice(added.indexOf('#')).trimEnd()), ownLine: false });
  else if (comments.length !== old.comments.length - 1) return undefined;
  return { roots: [root], comments };
}

/** Spaces, then `#` and a comment's text, on one line. */
function isTrailingComment(written: string): boolean {
  let i = 0;
  while (written.charCodeAt(i) === 32) i++;
  if (i === 0 || written.charCodeAt(i) !== 35 /* # */) return false;
  for (; i < written.length; i++) if (written.charCodeAt(i) === 13) return false;
  return true;
}

/** Whether `at` lies inside block collections only: inside the node, in no scalar, key or value of it, down to the deepest. */
function onlyCollectionsAround(root: YNode, at: number): boolean {
  let node = root;
  for (;;) {
    if (node.kind === 'scalar' || node.flow || !(node.start < at && at < node.end)) return false;
    const count = node.kind === 'map' ? node.pairs.length : node.items.length;
    // The last child (a pair's key or value, or an item) starting at or before `at`, by bisection.
    let low = 0;
    let high = count - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const start = node.kind === 'map' ? node.pairs[mid]!.key.start : node.items[mid]!.start;
      if (start <= at) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return true;
    const pair = node.kind === 'map' ? node.pairs[found]! : undefined;
    const candidates = pair ? [pair.key, pair.value] : [(node as YSeq).items[found]!];
    const inside = candidates.find((child) => child.start <= at && at <= child.end);
    if (!inside) return true;
    node = inside;
  }
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
