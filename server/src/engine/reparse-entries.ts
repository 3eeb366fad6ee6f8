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
import { shiftedPair, spliceComments } from './model-shift.js';
import type { YMap, YNode, YPair } from './model.js';
import { ownCopy, type ParsedSection, type SyntaxProblem } from './parse.js';
import { confinedError } from './reparse-error.js';
import type { TextChange } from './text-change.js';

export function rootEntriesEdited(old: ParsedSection, before: string, text: string, change: TextChange): Pick<ParsedSection, 'roots' | 'comments'> | undefined {
  const root = old.roots[0];
  if (old.roots.length !== 1 || root?.kind !== 'map' || root.flow || root.merged) return undefined;
  const pairs = root.pairs;
  const first = lastKeyLineAtOrBefore(pairs, before, change.start);
  if (first < 0 || !startsLine(before, pairs[first]!.key.start)) return undefined;
  const from = pairs[first]!.key.start;
  // The first entry after the edit whose key line is untouched (its line break before it too).
  let next = first + 1;
  while (next < pairs.length && pairs[next]!.key.start - 1 < change.oldEnd) next++;
  if (next < pairs.length && !startsLine(before, pairs[next]!.key.start)) return undefined;
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
  const comments = from === 0 ? built.comments : built.comments.map((c) => ({ start: c.start + from, text: c.text, ownLine: c.ownLine }));
  return { roots: [edited as YNode], comments: spliceComments(old.comments, comments, from, oldTo, delta) };
}

/** Entries of a nested map parsed again: the map with them in place, or the first syntax error they hold. */
export type EditedEntries = { readonly map: YMap; readonly comments: CommentLine[] } | { readonly error: SyntaxProblem; readonly comments: CommentLine[] };

/**
 * The same for the entries of a block map nested at `column` (at `depth` in its document): the
 * entries whose lines the edit touched, read together with the untouched entry after them, from
 * the line of the first one's key to the line of the key after that entry. A key at the start of
 * a line, at the map's column, ends the entry before it when that entry is a key and its `:`
 * (then it cannot run on, and no item of a sequence written at its key's column is there: the
 * key after is not such an item). But how `yaml` reads the edited entries may depend on what
 * follows them: a key line after a broken entry (a key without its colon) is read into it, and
 * where the last entry of the text read ends depends on the key after it. So the untouched entry
 * is read with them, must come back as an entry at its key, and is then kept as it was (moved);
 * the edited entries before it are read as in the document. Not in the map's last two entries
 * (the block as a whole is parsed again), and a syntax error counts only where `confinedError`
 * vouches for it.
 */
export function nestedEntriesEdited(map: YMap, column: number, depth: number, before: string, text: string, change: TextChange, oldComments: readonly CommentLine[]): EditedEntries | undefined {
  if (map.flow || map.merged || column === 0) return undefined;
  const pairs = map.pairs;
  const first = lastKeyLineAtOrBefore(pairs, before, change.start);
  if (first < 0 || !keyStartsLine(before, pairs[first]!.key.start, column)) return undefined;
  const from = pairs[first]!.key.start - column;
  // The first entry whose key line the edit left in place (its line break before it too), and the one after it.
  let next = first + 1;
  while (next < pairs.length && pairs[next]!.key.start - column - 1 < change.oldEnd) next++;
  const after = next + 1;
  if (after >= pairs.length || !keyStartsLine(before, pairs[next]!.key.start, column) || !keyStartsLine(before, pairs[after]!.key.start, column)) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const oldTo = pairs[after]!.key.start - column;
  const to = oldTo + delta;
  const afterKey = text.charCodeAt(to + column);
  // An item (`- `) or an explicit key or value (`? `, `: `) there could belong to the entry before it.
  if (afterKey === 45 /* - */ || afterKey === 63 /* ? */ || afterKey === 58 /* : */ || startsOrEndsDocument(text, from, to)) return undefined;
  const entriesText = ownCopy(text.slice(from, to));
  const built = buildFromCst(entriesText, depth);
  if (built.tooDeepAt !== undefined || built.usesAnchors) return undefined;
  const comments = spliceComments(oldComments, built.comments.map((c) => ({ start: c.start + from, text: c.text, ownLine: c.ownLine })), from, oldTo, delta);
  if (built.unsure) {
    const error = confinedError(entriesText, map, column, text, from, { endsWithEntry: true });
    return error && { error, comments };
  }
  const edited = built.roots[0];
  if (built.roots.length !== 1 || edited?.kind !== 'map' || edited.flow || edited.start !== column) return undefined;
  // The untouched entry read last, at its key: the edited ones before it.
  const kept = edited.pairs[edited.pairs.length - 1];
  if (!kept || kept.key.start + from !== pairs[next]!.key.start + delta) return undefined;
  const entries: YPair[] = pairs.slice(0, first);
  for (let i = 0; i < edited.pairs.length - 1; i++) entries.push(shiftedPair(edited.pairs[i]!, from));
  for (let i = next; i < pairs.length; i++) entries.push(shiftedPair(pairs[i]!, delta));
  const start = first === 0 ? edited.start + from : map.start;
  return { map: { kind: 'map', start, end: map.end + delta, flow: false, pairs: entries }, comments };
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
  let low = 0;
  let high = pairs.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const key = pairs[mid]!.key.start;
    if (text.lastIndexOf('\n', key - 1) + 1 <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function startsLine(text: string, at: number): boolean {
  return at === 0 || text.charCodeAt(at - 1) === 10;
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
