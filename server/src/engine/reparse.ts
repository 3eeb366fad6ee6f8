/**
 * Re-parsing only the block an edit touched. A one-line edit inside a large document (a
 * CustomResourceDefinition of 20,000 lines, a ConfigMap holding a dashboard) would otherwise
 * re-parse the whole document. An edit that stays inside a block collection whose first line
 * and end do not move changes nothing outside that block: the block's text is parsed alone, its
 * model replaces the old one, and the nodes after it are the old ones moved by the edit's length
 * (views that build their children when read, model-shift.ts: nothing after the block is copied).
 * Smaller still: an edit inside a comment parses nothing (reparse-comment.ts), and one inside the
 * lines of a literal block scalar edits its value in place. An edit of top-level entries, which
 * no block holds, parses those entries alone (reparse-entries.ts). An edit that breaks the
 * syntax inside a block is judged in that block when its error can only be the document's first
 * (reparse-error.ts), and the edits after it are read as edits of the version before it.
 *
 * The block parsed alone must read exactly as it would in its document, so the shortcut is taken
 * only where that is certain, and `parseSection` of the whole text runs otherwise:
 * - the earlier model came from the syntax tree alone (no composer verdict, no error) and has
 *   no aliases, and the block parsed alone has no anchors or aliases and nothing the walk does
 *   not vouch for;
 * - the block starts a line (only spaces before it), is indented, and comes back as one block
 *   collection of the same kind, at the same column, ending exactly where the old one ends
 *   (moved by the edit);
 * - the line after the block holds content less indented than the block, so nothing of the block
 *   (a block scalar, a plain scalar running on) could have reached past it;
 * - flow collections could not nest deeper than the limit (`MAX_DEPTH`) anywhere in the text
 *   (scanned again only around the edit, see flow-depth.ts).
 * A property test compares this with a full parse after random edits.
 */
import { buildFromCst, type CommentLine } from './cst-model.js';
import { rescanFlowDepth, scanFlowDepth, type FlowMarks } from './flow-depth.js';
import { moved, movedComments, shifted, shiftedPair, spliceComments } from './model-shift.js';
import type { YMap, YNode, YPair, YScalar, YSeq } from './model.js';
import { flowMarksOf, isSyntaxTreeVerdict, markSyntaxTreeVerdict, ownCopy, type ParsedSection, type SyntaxProblem } from './parse.js';
import { commentEdited } from './reparse-comment.js';
import { confinedError } from './reparse-error.js';
import { nestedEntriesEdited, rootEntriesEdited } from './reparse-entries.js';
import { changeBetween, type TextChange } from './text-change.js';

/** A section as parsed before an edit. */
export interface ParsedText {
  readonly text: string;
  readonly parsed: ParsedSection;
}

/**
 * The parse of `text`, an edited version of `before.text`, from the block the edit touched; undefined
 * when the edit cannot be confined to one block (the caller then parses the whole text).
 */
export function reparseEdited(before: ParsedText, text: string): ParsedSection | undefined {
  // A document left in error by an edit is edited further from its last version without error
  // (and is that version again when the edit is undone).
  const base = errorBases.get(before.parsed);
  if (base) return base.text === text ? base.parsed : reparseEdited(base, text);
  const old = before.parsed;
  if (!isSyntaxTreeVerdict(old) || old.error || old.aliases || old.roots.length !== 1) return undefined;
  const change = changeBetween(before.text, text);
  if (!change) return undefined;
  const delta = change.newEnd - change.oldEnd;
  // Nesting too deep is the full parse's verdict; the scan is redone only around the edit.
  const known = flowMarksOf(old);
  const flow = known ? rescanFlowDepth(known, text, change) : scanFlowDepth(text);
  if (flow.tooDeepAt !== undefined) return undefined;
  const commented = commentEdited(old, before.text, text, change);
  if (commented) return verdict(commented, flow.marks);
  const path = blockPath(old.roots[0]!, before.text, change);
  const scalar = childHolding(path[path.length - 1]!, change);
  if (scalar?.kind === 'scalar') {
    const edited = literalScalarEdited(before.text, text, change, scalar);
    if (edited) {
      const comments = spliceComments(old.comments, [], change.start, change.start, delta);
      return verdict({ roots: [replaceOnPath([...path, scalar], path.length, edited, delta)], comments }, flow.marks);
    }
  }
  // Deepest first: the smallest block to parse again, or in it the entries the edit touched.
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const block = path[depth]!;
    const lineStart = before.text.lastIndexOf('\n', block.start - 1) + 1;
    const entries = block.kind !== 'scalar' ? nestedEntriesEdited(block, block.start - lineStart, depth, before.text, text, change, old.comments) : undefined;
    if (entries) return 'error' in entries ? inErrorAfter(before, entries) : verdict({ roots: [replaceOnPath(path, depth, entries.node, delta)], comments: entries.comments }, flow.marks);
    const end = block.end + delta;
    if (!endsBeforeLessIndented(text, end, block.start - lineStart)) continue;
    const replaced = parseBlock(text, lineStart, end, block, depth, change.start);
    if (replaced === undefined) return undefined;
    if (replaced === 'unsuitable') continue;
    const comments = spliceComments(old.comments, replaced.comments, lineStart, block.end, delta);
    if ('error' in replaced) return inErrorAfter(before, { error: replaced.error, comments });
    const root = replaceOnPath(path, depth, replaced.node, delta);
    return verdict({ roots: [root], comments }, flow.marks);
  }
  const entries = rootEntriesEdited(old, before.text, text, change);
  return entries && verdict(entries, flow.marks);
}

/**
 * For a parse in error found from one block (reparse-error.ts), the parse without error it was
 * an edit of: the next edit is confined to a block of that one, as the edit that fixes the
 * error usually is.
 */
const errorBases = new WeakMap<ParsedSection, ParsedText>();

/** The parse in error of an edit of `before` (which had none): the next edit starts from `before` again. */
function inErrorAfter(before: ParsedText, { error, comments }: { readonly error: SyntaxProblem; readonly comments: readonly CommentLine[] }): ParsedSection {
  const inError: ParsedSection = { roots: [], comments, error };
  parsedInErrorAfter(before, inError);
  return inError;
}

/**
 * `inError`, a parse of an edit of `before`, found an error (in one block, or in a full parse that
 * no block confined): the next edit starts from the last version without error (`before`, or
 * where `before` started), so that the edit repairing the error is parsed as an edit of that
 * version, not in full.
 */
export function parsedInErrorAfter(before: ParsedText, inError: ParsedSection): void {
  // Its own copy of the text: a slice would keep the whole earlier version of the file alive.
  const base = errorBases.get(before.parsed) ?? (before.parsed.error ? undefined : { text: ownCopy(before.text), parsed: before.parsed });
  if (base) errorBases.set(inError, base);
}

function verdict(parsed: ParsedSection, marks: FlowMarks): ParsedSection {
  markSyntaxTreeVerdict(parsed, marks);
  return parsed;
}

/**
 * A literal block scalar (`|`, `|-`, `|+`) edited inside its content: its new value is the old
 * one with the edited lines' text put in place of theirs, each line read as YAML reads it (its
 * first `indent` spaces dropped). Undefined unless the edit lies in its lines of content, in lines
 * all indented at least as deep as the content (or blank), with no tab or carriage return, and
 * what decides the indentation and the chomping stays as it was: the first line of content keeps
 * its indentation, and the edited lines end in content when no content follows them. Folded
 * scalars (`>`) join lines by their neighbours, and are parsed again with their block.
 */
function literalScalarEdited(before: string, text: string, change: TextChange, scalar: YScalar): YScalar | undefined {
  if (typeof scalar.value !== 'string' || scalar.viaAlias || before.charCodeAt(scalar.start) !== 124 /* | */) return undefined;
  const headerEnd = before.indexOf('\n', scalar.start);
  if (headerEnd < 0 || !plainLiteralHeader(before, scalar.start + 1, headerEnd)) return undefined;
  const contentStart = headerEnd + 1;
  // The first line of content sets the indentation; the edit must start on a later line.
  let first = contentStart;
  while (first < scalar.end && onlySpacesTo(before, first) === before.indexOf('\n', first)) first = before.indexOf('\n', first) + 1;
  if (first >= scalar.end) return undefined;
  const indent = onlySpacesTo(before, first) - first;
  const from = before.lastIndexOf('\n', change.start - 1) + 1;
  if (indent === 0 || from < first) return undefined;
  // An edit of the first line of content keeps it there, at the same indentation.
  if (from === first && !contentAt(text, from, indent)) return undefined;
  const oldTo = before.indexOf('\n', change.oldEnd);
  if (oldTo < 0 || oldTo + 1 > scalar.end) return undefined;
  const newTo = oldTo + change.newEnd - change.oldEnd;
  // Where no content follows in the scalar, its end and chomping stay only while the edited lines end in content.
  const contentAfter = hasContentBetween(before, oldTo + 1, scalar.end);
  if (!contentAfter && !(endsInContent(before, oldTo, indent) && endsInContent(text, newTo, indent))) return undefined;
  const oldLines = literalLines(before, from, oldTo, indent);
  const newLines = literalLines(text, from, newTo, indent);
  if (oldLines === undefined || newLines === undefined) return undefined;
  // Where the edited lines' text starts in the value: each line before gives its text past the indentation and a line break.
  let valueStart = 0;
  for (let line = contentStart; line < from; ) {
    const end = before.indexOf('\n', line);
    if (before.charCodeAt(end - 1) === 13 /* \r */) return undefined;
    valueStart += Math.max(0, end - line - indent) + 1;
    line = end + 1;
  }
  const value = scalar.value;
  if (value.slice(valueStart, valueStart + oldLines.length) !== oldLines) return undefined;
  // A copy of its own: a value built from slices would keep every earlier value alive.
  const edited = ownCopy(value.slice(0, valueStart) + newLines + value.slice(valueStart + oldLines.length));
  return { kind: 'scalar', start: scalar.start, end: scalar.end + change.newEnd - change.oldEnd, value: edited, empty: false };
}

/** True when the line at `lineStart` has `indent` spaces, then content. */
function contentAt(text: string, lineStart: number, indent: number): boolean {
  const at = onlySpacesTo(text, lineStart);
  const c = text.charCodeAt(at);
  return at - lineStart === indent && at < text.length && c !== 10 && c !== 13 && c !== 9;
}

/** True when the line ending at `lineEnd` (its line break) holds more than spaces past `indent` spaces. */
function endsInContent(text: string, lineEnd: number, indent: number): boolean {
  const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
  const at = onlySpacesTo(text, lineStart);
  return at - lineStart >= indent && at < lineEnd;
}

/** After `|`: an optional chomping indicator, then only spaces or a comment (no indentation indicator). */
function plainLiteralHeader(text: string, from: number, to: number): boolean {
  let i = from;
  const chomp = text.charCodeAt(i);
  if (chomp === 45 /* - */ || chomp === 43 /* + */) i++;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && text.charCodeAt(i - 1) === 32) return true;
    if (c !== 32) return false;
  }
  return true;
}

/** The offset of the first character that is not a space from `from` on. */
function onlySpacesTo(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

function hasContentBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10) return true;
  }
  return false;
}

/**
 * The text lines `[from, to)` give a literal scalar indented by `indent`, each with its line break;
 * undefined when one would end the scalar or is not read that simply (less indented, a tab or a
 * carriage return).
 */
function literalLines(text: string, from: number, to: number, indent: number): string | undefined {
  let out = '';
  for (let line = from; line <= to; ) {
    let end = text.indexOf('\n', line);
    if (end < 0 || end > to) end = to;
    const spaces = onlySpacesTo(text, line) - line;
    if (spaces < indent && line + spaces < end) return undefined;
    for (let i = line; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 9 || c === 13) return undefined;
    }
    out += `${end - line > indent ? text.slice(line + indent, end) : ''}\n`;
    line = end + 1;
  }
  return out;
}

/**
 * The nodes from the root down to the deepest block collection holding the whole change (each
 * the value of a pair or an item of the node before it). Past the root, a block counts when only
 * spaces and sequence indicators precede it on its line (`- name: a` starts a map in an item),
 * it is indented, and the change lies after its line's indentation (after its indicators) and
 * ends before its last character: its first line and its end are where they were.
 */
function blockPath(root: YNode, text: string, change: TextChange): YNode[] {
  const path: YNode[] = [root];
  let node = root;
  for (;;) {
    const child = childHolding(node, change);
    if (!child || child.kind === 'scalar' || child.flow || child.viaAlias) return path;
    const lineStart = text.lastIndexOf('\n', child.start - 1) + 1;
    const lead = leadOf(text, lineStart, child.start);
    if (lead === undefined || child.start === lineStart || change.oldEnd >= child.end) return path;
    if (change.start < (lead === 'spaces' ? lineStart : child.start)) return path;
    path.push(child);
    node = child;
  }
}

/** What precedes a block on its line: only spaces, spaces and `-` indicators, or anything else (undefined). */
function leadOf(text: string, from: number, to: number): 'spaces' | 'indicators' | undefined {
  let lead: 'spaces' | 'indicators' = 'spaces';
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 32) lead = 'indicators';
    else if (c !== 32) return undefined;
  }
  return lead;
}

/** The child (pair value or item) whose span holds the change, found by bisection. */
function childHolding(node: YNode, change: TextChange): YNode | undefined {
  // Merged pairs sit where their anchor is, out of order: such maps are not entered.
  if (node.kind === 'scalar' || (node.kind === 'map' && node.merged)) return undefined;
  const count = node.kind === 'map' ? node.pairs.length : node.items.length;
  const at = (i: number): YNode => (node.kind === 'map' ? node.pairs[i]!.value : node.items[i]!);
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = at(mid);
    if (child.end <= change.start) low = mid + 1;
    else if (child.start > change.start) high = mid - 1;
    else return child;
  }
  return undefined;
}

/**
 * True when the block ending at `end` (after its last line break) is followed by the end of the
 * text or by a line of content indented less than `column`: no blank or comment line the block's
 * last value could take in, no line it could run on to.
 */
function endsBeforeLessIndented(text: string, end: number, column: number): boolean {
  if (end === text.length) return true;
  if (end === 0 || text.charCodeAt(end - 1) !== 10 /* \n */) return false;
  let i = end;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  if (i - end >= column || i === text.length) return false;
  const c = text.charCodeAt(i);
  return c !== 10 && c !== 13 && c !== 35 /* # */ && c !== 9;
}

type ParsedBlock = { readonly node: YNode; readonly comments: readonly CommentLine[] } | { readonly error: SyntaxProblem; readonly comments: readonly CommentLine[] };

/**
 * The block's new text `[lineStart, end)` parsed alone (the indicators before it on its first
 * line written as spaces, so that it starts at the same column), its offsets moved into the section:
 * 'unsuitable' when it does not read as one block of the old one's kind and column (a block
 * further up may still do), undefined when the walk cannot vouch for it (parse the whole text).
 */
function parseBlock(text: string, lineStart: number, end: number, old: YNode, depth: number, changeStart: number): ParsedBlock | 'unsuitable' | undefined {
  if (end <= lineStart) return 'unsuitable';
  const indent = old.start - lineStart;
  // Before the block, its line is as it was (spaces and indicators) unless the edit is in its indentation.
  const blockText = changeStart >= old.start ? ' '.repeat(indent) + text.slice(old.start, end) : text.slice(lineStart, end);
  // Its own copy: the model's values are slices of the text parsed, and a slice of the section would keep this whole version alive.
  const built = buildFromCst(ownCopy(blockText), depth);
  if (built.tooDeepAt !== undefined || built.usesAnchors) return undefined;
  const comments = movedComments(built.comments, lineStart);
  if (built.unsure) {
    const error = confinedError(blockText, old, indent, text, lineStart);
    return error && { error, comments };
  }
  if (built.roots.length !== 1) return undefined;
  const node = built.roots[0]!;
  if (node.kind !== old.kind || node.kind === 'scalar' || node.flow || node.start !== indent || node.end !== end - lineStart) return 'unsuitable';
  return { node: lineStart === 0 ? node : moved(node, lineStart), comments };
}

/** The root with `path[depth]` replaced by `block`, and everything after it moved by `delta`. */
function replaceOnPath(path: readonly YNode[], depth: number, block: YNode, delta: number): YNode {
  let replacement = block;
  for (let i = depth - 1; i >= 0; i--) {
    const parent = path[i]!;
    const child = path[i + 1]!;
    replacement = withChildReplaced(parent, child, replacement, delta);
  }
  return replacement;
}

function withChildReplaced(parent: YNode, child: YNode, replacement: YNode, delta: number): YNode {
  if (parent.kind === 'map') {
    const pairs: YPair[] = [];
    let found = false;
    for (const pair of parent.pairs) {
      if (found) pairs.push(shiftedPair(pair, delta));
      else if (pair.value === child) {
        found = true;
        pairs.push({ key: pair.key, value: replacement, start: pair.start, end: Math.max(pair.key.end, replacement.end) });
      } else pairs.push(pair);
    }
    const map: YMap = { kind: 'map', start: parent.start, end: parent.end + delta, flow: parent.flow, pairs };
    return parent.merged ? { ...map, merged: parent.merged } : map;
  }
  if (parent.kind === 'seq') {
    const items: YNode[] = [];
    let found = false;
    for (const item of parent.items) {
      if (found) items.push(shifted(item, delta));
      else if (item === child) {
        found = true;
        items.push(replacement);
      } else items.push(item);
    }
    return { kind: 'seq', start: parent.start, end: parent.end + delta, flow: parent.flow, items } satisfies YSeq;
  }
  return parent;
}
