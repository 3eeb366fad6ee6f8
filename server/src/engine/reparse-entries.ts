/**
 * An edit of a document's top-level entries (`kind:`, `metadata:` and its block, …): a key at the
 * start of a line ends everything written before it, so the entries whose lines the edit touched,
 * from the line of the first one's key to the line of the next untouched key, are parsed alone and
 * put in place of the old ones; the entries after them are the old ones moved by the edit's
 * length. Taken only when the text parsed alone comes back as a block map at the start of its
 * line, with nothing the tree walk does not vouch for, no anchors or aliases, and no line that
 * starts or ends a document or holds a directive.
 */
import { buildFromCst, type CommentLine } from './cst-model.js';
import { movedComments, shifted, shiftedPair, spliceComments } from './model-shift.js';
import type { YMap, YNode, YPair, YSeq } from './model.js';
import { ownCopy, type ParsedSection, type SyntaxProblem } from './parse.js';
import { confinedError } from './reparse-error.js';
import type { TextChange } from './text-change.js';

export function rootEntriesEdited(old: ParsedSection, before: string, text: string, change: TextChange): Pick<ParsedSection, 'roots' | 'comments'> | undefined {
  const root = old.roots[0];
  if (old.roots.length !== 1 || root?.kind !== 'map' || root.flow || root.merged) return undefined;
  const pairs = root.pairs;
  const first = lastKeyLineAtOrBefore(pairs, before, change.start);
  if (first < 0 || !keyStartsLine(before, pairs[first]!.key.start, 0)) return undefined;
  const from = pairs[first]!.key.start;
  // The first entry after the edit whose key line is untouched (its line break before it too).
  let next = first + 1;
  while (next < pairs.length && pairs[next]!.key.start - 1 < change.oldEnd) next++;
  if (next < pairs.length && !keyStartsLine(before, pairs[next]!.key.start, 0)) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const oldTo = next < pairs.length ? pairs[next]!.key.start : before.length;
  const to = next < pairs.length ? oldTo + delta : text.length;
  if (startsOrEndsDocument(text, from, to)) return undefined;
  const built = buildFromCst(ownCopy(text.slice(from, to)));
  if (built.unsure || built.tooDeepAt !== undefined || built.usesAnchors || built.roots.length !== 1) return undefined;
  const map = built.roots[0]!;
  if (map.kind !== 'map' || map.flow || map.start !== 0) return undefined;
  const entries: YPair[] = pairs.slice(0, first);
  for (const pair of map.pairs) entries.push(shiftedPair(pair, from));
  for (let i = next; i < pairs.length; i++) entries.push(shiftedPair(pairs[i]!, delta));
  const start = first === 0 ? from : root.start;
  const end = next < pairs.length ? root.end + delta : map.end + from;
  const edited: YMap = { kind: 'map', start, end, flow: false, pairs: entries };
  const comments = movedComments(built.comments, from);
  return { roots: [edited as YNode], comments: spliceComments(old.comments, comments, from, oldTo, delta) };
}

/** Entries of a nested collection parsed again: the collection with them in place, or the first syntax error they hold. */
export type EditedEntries = { readonly node: YMap | YSeq; readonly comments: CommentLine[] } | { readonly error: SyntaxProblem; readonly comments: CommentLine[] };

/**
 * The same for the entries of a block map or the items of a block sequence nested at `column` (at
 * `depth` in its document): the entries whose lines the edit touched, read together with the
 * untouched entry after them, from the first line of the first one to the first line of the entry
 * after that one. A key at the start of a line, at the map's column, ends the entry before it when
 * that entry is a key and its `:` (then it cannot run on, and no item of a sequence written at its
 * key's column is there: the key after is not such an item); a `-` at the sequence's column ends
 * the item before it. But how `yaml` reads the edited entries may depend on what follows them: a
 * key line after a broken entry (a key without its colon) is read into it, and where the last
 * entry of the text read ends depends on the line after it. So the untouched entry is read too,
 * must come back as an entry where it starts, and is then kept as it was (moved); the edited
 * entries before it are read as in the document. Not in the last two entries (the block as a whole
 * is parsed again); a syntax error counts only in a map's entries, where `confinedError` vouches
 * for it.
 */
export function nestedEntriesEdited(block: YMap | YSeq, column: number, depth: number, before: string, text: string, change: TextChange, oldComments: readonly CommentLine[]): EditedEntries | undefined {
  if (block.flow || (block.kind === 'map' && block.merged) || column === 0) return undefined;
  const count = block.kind === 'map' ? block.pairs.length : block.items.length;
  // Where an entry's first line holds it: a map's key, a sequence item's content after its `-`.
  const at = (i: number): number => (block.kind === 'map' ? block.pairs[i]!.key.start : block.items[i]!.start);
  const lineOf = (source: string, offset: number): number => source.lastIndexOf('\n', offset - 1) + 1;
  const entryStartsLine = (source: string, offset: number): boolean => (block.kind === 'map' ? keyStartsLine(source, offset, column) : itemStartsLine(source, offset, column));
  const first = lastLineAtOrBefore(count, at, before, change.start);
  if (first < 0 || !entryStartsLine(before, at(first))) return undefined;
  const from = lineOf(before, at(first));
  // The first entry whose first line the edit left in place (its line break before it too), and the one after it.
  let next = first + 1;
  while (next < count && lineOf(before, at(next)) - 1 < change.oldEnd) next++;
  const after = next + 1;
  if (after >= count || !entryStartsLine(before, at(next)) || !entryStartsLine(before, at(after))) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const oldTo = lineOf(before, at(after));
  const to = oldTo + delta;
  const afterStart = text.charCodeAt(to + column);
  // In a map, an item (`- `) or an explicit key or value (`? `, `: `) there could belong to the entry before it.
  if ((block.kind === 'map' && (afterStart === 45 /* - */ || afterStart === 63 /* ? */ || afterStart === 58) /* : */) || startsOrEndsDocument(text, from, to)) return undefined;
  const entriesText = ownCopy(text.slice(from, to));
  const built = buildFromCst(entriesText, depth);
  if (built.tooDeepAt !== undefined || built.usesAnchors) return undefined;
  const comments = spliceComments(oldComments, movedComments(built.comments, from), from, oldTo, delta);
  if (built.unsure) {
    const error = block.kind === 'map' ? confinedError(entriesText, block, column, text, from, { endsWithEntry: true }) : undefined;
    return error && { error, comments };
  }
  const edited = built.roots[0];
  if (built.roots.length !== 1 || edited?.kind !== block.kind || edited.flow || edited.start !== column) return undefined;
  const start = first === 0 ? edited.start + from : block.start;
  const end = block.end + delta;
  /**
   * The old entries before the edited ones, the edited ones read (all but the last, the untouched
   * entry, which must come back where it starts), the old ones from the untouched entry on.
   */
  const spliced = <T>(old: readonly T[], read: readonly T[], startOf: (entry: T) => number, move: (entry: T, by: number) => T): T[] | undefined => {
    const kept = read[read.length - 1];
    if (kept === undefined || startOf(kept) + from !== at(next) + delta) return undefined;
    const out = old.slice(0, first);
    for (let i = 0; i < read.length - 1; i++) out.push(move(read[i]!, from));
    for (let i = next; i < count; i++) out.push(move(old[i]!, delta));
    return out;
  };
  if (edited.kind === 'map' && block.kind === 'map') {
    const pairs = spliced(block.pairs, edited.pairs, (pair) => pair.key.start, shiftedPair);
    return pairs && { node: { kind: 'map', start, end, flow: false, pairs }, comments };
  }
  if (edited.kind !== 'seq' || block.kind !== 'seq') return undefined;
  const items = spliced(block.items, edited.items, (item) => item.start, shifted);
  return items && { node: { kind: 'seq', start, end, flow: false, items }, comments };
}

/** Whether a sequence item whose content starts at `item` is on its `-` line, the `-` after `column` spaces. */
function itemStartsLine(text: string, item: number, column: number): boolean {
  const lineStart = text.lastIndexOf('\n', item - 1) + 1;
  for (let i = lineStart; i < lineStart + column; i++) if (text.charCodeAt(i) !== 32) return false;
  if (text.charCodeAt(lineStart + column) !== 45 /* - */ || item <= lineStart + column + 1) return false;
  for (let i = lineStart + column + 1; i < item; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** Whether `key` is the first thing on its line, after `column` spaces. */
function keyStartsLine(text: string, key: number, column: number): boolean {
  const lineStart = key - column;
  if (lineStart < 0 || (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10)) return false;
  for (let i = lineStart; i < key; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** The index of the last entry whose key's line starts at or before `offset`, or -1. */
function lastKeyLineAtOrBefore(pairs: readonly YPair[], text: string, offset: number): number {
  return lastLineAtOrBefore(pairs.length, (i) => pairs[i]!.key.start, text, offset);
}

/** The index of the last of `count` entries whose line (the line of `at(i)`) starts at or before `offset`, or -1. */
function lastLineAtOrBefore(count: number, at: (i: number) => number, text: string, offset: number): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (text.lastIndexOf('\n', at(mid) - 1) + 1 <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Whether a line of `[from, to)` starts with `---`, `...` (then a blank or its end) or `%`. */
function startsOrEndsDocument(text: string, from: number, to: number): boolean {
  for (let line = from; line < to; ) {
    const c = text.charCodeAt(line);
    if (c === 37 /* % */) return true;
    if ((c === 45 /* - */ || c === 46) /* . */ && text.charCodeAt(line + 1) === c && text.charCodeAt(line + 2) === c) {
      const after = text.charCodeAt(line + 3);
      if (line + 3 >= text.length || after === 32 || after === 9 || after === 10 || after === 13) return true;
    }
    const end = text.indexOf('\n', line);
    if (end < 0) break;
    line = end + 1;
  }
  return false;
}
