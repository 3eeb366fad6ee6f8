/**
 * Minimal text edits computed from source ranges. A fix never reserializes a document: it
 * replaces a value, inserts a key at the indentation of its block, or removes the lines of one
 * entry, so comments, quoting and key order elsewhere stay as they were.
 */
import { isMap, pairOf, type YMap, type YNode, type YPair, type YSeq } from './model.js';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Safe fixes are preferred in the editor and applied by `--fix`. */
  readonly safe: boolean;
}

/** Plain data to write as YAML. */
export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [key: string]: Plain };

// Command-line flags (`--profiling=false`) read back as the same string when written plain.
const PLAIN_SAFE = /^(?:[A-Za-z_/]|--[A-Za-z])[A-Za-z0-9_./:@=-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar in YAML syntax: plain where that reads back as the same string, double-quoted otherwise. */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  return PLAIN_SAFE.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** `value` in flow style: `{type: RuntimeDefault}`, `[ALL]`. */
export function flowYaml(value: Plain): string {
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, Plain>).map(([k, v]) => `${yamlScalar(k)}: ${flowYaml(v)}`).join(', ')}}`;
  }
  return yamlScalar(value as string | number | boolean | null);
}

/** Edits for one section of text; knows its indentation habits. */
export class EditKit {
  private step: number | undefined;
  constructor(readonly text: string) {}

  /**
   * The indentation unit of the text: the smallest step from a line that opens a block (ends
   * with `:`) to the line below it, measured from the key (after any `- `). 2 when unknown.
   */
  get indentStep(): number {
    if (this.step === undefined) {
      let best = 0;
      const lines = this.text.split('\n', 400);
      for (let i = 1; i < lines.length; i++) {
        const previous = lines[i - 1]!;
        // Only a line ending in `:` (or with a comment after it) can open a block: skip the rest cheaply.
        if (!previous.trimEnd().endsWith(':') && !previous.includes('#')) continue;
        const keyColumn = blockKeyColumn(previous);
        if (keyColumn === undefined) continue;
        const indent = /^ */.exec(lines[i]!)![0].length;
        const step = indent - keyColumn;
        if (step > 0 && lines[i]!.trim() !== '' && (best === 0 || step < best)) best = step;
      }
      this.step = best > 0 && best <= 8 ? best : 2;
    }
    return this.step;
  }

  /**
   * The indentation of an entry: the column of its key, or of the anchor or tag written before
   * the key on the same line (`&base name: x` is indented where `&base` starts).
   */
  keyColumn(pair: YPair): number {
    const lineStart = this.lineStart(pair.key.start);
    const before = this.text.slice(lineStart, pair.key.start);
    const properties = /^([ -]*?)((?:[&!]\S*\s+)+)$/.exec(before);
    return properties ? properties[1]!.length : before.length;
  }

  private pairEnd(pair: YPair): number {
    return Math.max(pair.key.end, this.contentEnd(pair.value));
  }

  /** Where the content of `node` ends: trailing blank lines and comments of a block are not its content. */
  contentEnd(node: YNode): number {
    if (node.kind === 'map' && !node.flow && node.pairs.length) return this.contentEnd(node.pairs[node.pairs.length - 1]!.value);
    if (node.kind === 'seq' && !node.flow && node.items.length) return this.contentEnd(node.items[node.items.length - 1]!);
    let end = node.end;
    while (end > node.start && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  columnOf(offset: number): number {
    return offset - this.lineStart(offset);
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just past the newline of the line holding the last non-space character before `offset`. */
  private afterContentLine(offset: number): number {
    let pos = offset;
    while (pos > 0 && /\s/.test(this.text[pos - 1]!)) pos--;
    const lineEnd = this.text.indexOf('\n', pos);
    return lineEnd < 0 ? this.text.length : lineEnd + 1;
  }

  /** Replaces a node's text (for a block collection, up to the end of its content). */
  replace(node: YNode | { start: number; end: number }, text: string): TextEdit {
    if ('kind' in node && node.kind === 'scalar' && node.empty) return { start: node.start, end: node.end, text: ` ${text}` };
    const end = 'kind' in node ? this.contentEnd(node) : node.end;
    return { start: node.start, end, text };
  }

  /** Sets `key` in `map` to `value`: replaces the value in place, or inserts the key. */
  setKey(map: YMap, key: string, value: Plain): TextEdit[] {
    const pair = pairOf(map, key);
    if (!pair) return this.insertKey(map, key, value);
    return this.replaceValue(pair, value);
  }

  /** Replaces the value of `pair` with `value` (block-styled when it is a collection). */
  replaceValue(pair: YPair, value: Plain): TextEdit[] {
    const node = pair.value;
    const isCollection = value !== null && typeof value === 'object';
    if (!isCollection || (node.kind !== 'scalar' && 'flow' in node && node.flow)) {
      const text = flowYaml(value);
      // An empty value's span sits where a comment may start (`key:  # note`): write right after the colon.
      if (node.kind === 'scalar' && node.empty) {
        const at = this.afterColon(pair);
        return [{ start: at, end: at, text: ` ${text}` }];
      }
      return [this.replace(node, text)];
    }
    const body = renderBlockValue(value, this.keyColumn(pair), this.indentStep);
    if (node.kind !== 'scalar') return [{ start: this.afterColon(pair), end: this.contentEnd(node), text: body }];
    // A block starts below the key's line, so a comment on that line stays with the key.
    const lineEnd = this.lineEnd(node.end);
    const insert: TextEdit = { start: lineEnd, end: lineEnd, text: body };
    return node.empty ? [insert] : [{ start: this.afterColon(pair), end: node.end, text: '' }, insert];
  }

  /** Offset just past the `:` that follows the key of `pair`. */
  private afterColon(pair: YPair): number {
    return this.text.indexOf(':', pair.key.end) + 1;
  }

  /** Offset of the end of the line holding `offset` (before its `\r\n` or `\n`). */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline < 0) return this.text.length;
    return this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  /** Inserts `key: value` into `map` after its last entry, at the map's indentation. */
  insertKey(map: YMap, key: string, value: Plain): TextEdit[] {
    if (map.flow) {
      const entry = `${yamlScalar(key)}: ${flowYaml(value)}`;
      const last = map.pairs[map.pairs.length - 1];
      if (!last) {
        const open = this.text.indexOf('{', map.start);
        return [{ start: open + 1, end: open + 1, text: entry }];
      }
      return [{ start: last.end, end: last.end, text: `, ${entry}` }];
    }
    const last = map.pairs[map.pairs.length - 1]!;
    const first = map.pairs[0]!;
    const column = this.keyColumn(first);
    const at = this.afterContentLine(this.pairEnd(last));
    const needsNewline = at === this.text.length && !this.text.endsWith('\n');
    const line = `${' '.repeat(column)}${yamlScalar(key)}:${renderBlockValue(value, column, this.indentStep)}`;
    return [{ start: at, end: at, text: needsNewline ? `\n${line}` : `${line}\n` }];
  }

  /**
   * Ensures that the maps along `path` exist below `map` and sets the last key to `value`.
   * Returns undefined when a step of the path holds something that is not a map.
   */
  setPath(map: YMap, path: readonly string[], value: Plain): TextEdit[] | undefined {
    let current: YMap = map;
    for (let i = 0; i < path.length - 1; i++) {
      const pair = pairOf(current, path[i]!);
      const rest = nest(path.slice(i + 1), value);
      if (!pair) return this.insertKey(current, path[i]!, rest);
      if (pair.value.kind === 'scalar' && pair.value.value === null) return this.replaceValue(pair, rest);
      if (!isMap(pair.value) || pair.value.viaAlias) return undefined;
      if (pair.value.pairs.length === 0) return this.replaceValue(pair, rest);
      current = pair.value;
    }
    return this.setKey(current, path[path.length - 1]!, value);
  }

  /** Removes one entry of a map, with its whole lines in block style. */
  removePair(map: YMap, pair: YPair): TextEdit[] {
    if (map.pairs.length === 1) return [this.emptyCollection(map, '{}')];
    const index = map.pairs.indexOf(pair);
    if (map.flow) return [this.removeFlowEntry(map.pairs.map((p) => p), index)];
    const lineStart = this.lineStart(pair.key.start);
    const prefix = this.text.slice(lineStart, pair.key.start);
    if (prefix.trim() !== '') {
      // First key of a sequence item (`- hostPort: 80`): keep the dash, pull the next key up.
      const next = map.pairs[index + 1];
      if (next) return [{ start: pair.key.start, end: next.key.start, text: '' }];
      return [{ start: pair.key.start, end: this.pairEnd(pair), text: '{}' }];
    }
    return [{ start: lineStart, end: this.afterContentLine(this.pairEnd(pair)), text: '' }];
  }

  /** Removes one item of a sequence, with its whole lines in block style. */
  removeItem(seq: YSeq, index: number): TextEdit[] {
    if (seq.items.length === 1) return [this.emptyCollection(seq, '[]')];
    if (seq.flow) return [this.removeFlowEntry(seq.items, index)];
    const item = seq.items[index]!;
    const dash = this.text.lastIndexOf('-', item.start - 1);
    const lineStart = this.lineStart(dash);
    if (this.text.slice(lineStart, dash).trim() !== '') return [];
    return [{ start: lineStart, end: this.afterContentLine(this.contentEnd(item)), text: '' }];
  }

  /** Appends a scalar item to a sequence. */
  appendItem(seq: YSeq, value: Plain): TextEdit[] {
    const rendered = flowYaml(value);
    const last = seq.items[seq.items.length - 1];
    if (seq.flow) {
      if (!last) {
        const open = this.text.indexOf('[', seq.start);
        return [{ start: open + 1, end: open + 1, text: rendered }];
      }
      return [{ start: last.end, end: last.end, text: `, ${rendered}` }];
    }
    if (!last) return [];
    const dash = this.text.lastIndexOf('-', last.start - 1);
    const column = this.columnOf(dash);
    const at = this.afterContentLine(this.contentEnd(last));
    const needsNewline = at === this.text.length && !this.text.endsWith('\n');
    const line = `${' '.repeat(column)}- ${rendered}`;
    return [{ start: at, end: at, text: needsNewline ? `\n${line}` : `${line}\n` }];
  }

  /**
   * Replaces a collection by its empty flow form. A block collection's range runs past its last
   * line break, so only its content is replaced (keeping the next line intact), and the result
   * moves up next to its key (`key: {}`) when nothing but whitespace separates them (a comment
   * line ending in `:` is not a key).
   */
  private emptyCollection(node: YMap | YSeq, empty: '{}' | '[]'): TextEdit {
    if (node.flow) return this.replace(node, empty);
    const end = node.start + this.text.slice(node.start, node.end).trimEnd().length;
    let before = node.start;
    while (before > 0 && /\s/.test(this.text[before - 1]!)) before--;
    const keyLine = this.text.slice(this.lineStart(before), before);
    if (keyLine.endsWith(':') && !keyLine.includes('#')) return { start: before, end, text: ` ${empty}` };
    return { start: node.start, end, text: empty };
  }

  private removeFlowEntry(entries: readonly { start: number; end: number }[], index: number): TextEdit {
    const entry = entries[index]!;
    const next = entries[index + 1];
    if (next) return { start: entry.start, end: next.start, text: '' };
    const previous = entries[index - 1]!;
    return { start: previous.end, end: entry.end, text: '' };
  }
}

/**
 * The column of the key on a line that opens a block (`  - name:  # note`): after the
 * indentation and any `- ` of sequence items, a key, then a `:` followed by nothing but
 * blanks or a comment. Undefined for other lines. A scan: the equivalent regular expression
 * backtracks quadratically on a long line of `- - - ...`.
 */
export function blockKeyColumn(line: string): number | undefined {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  let lastDash: number | undefined;
  while (line.charCodeAt(i) === 45 /* - */ && line.charCodeAt(i + 1) === 32) {
    lastDash = i;
    i += 2;
    while (line.charCodeAt(i) === 32) i++;
  }
  // As the pattern would backtrack: when the key cannot start after the last `- `, that dash is the key's first character.
  return keyEndsBlock(line, i) ? i : lastDash !== undefined && keyEndsBlock(line, lastDash) ? lastDash : undefined;
}

/** True when a key starts at `start` and a `:` after its first character ends the line but for blanks and a comment. */
function keyEndsBlock(line: string, start: number): boolean {
  const first = line[start];
  if (first === undefined || first === '#' || /\s/.test(first)) return false;
  // `.` does not match these line terminators: the key cannot run across one, nor can a comment.
  let firstTerminator = line.length;
  let lastTerminator = -1;
  for (let j = start; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 13 || c === 0x2028 || c === 0x2029) {
      firstTerminator = Math.min(firstTerminator, j);
      lastTerminator = j;
    }
  }
  for (let colon = line.indexOf(':', start + 1); colon >= 0 && colon < firstTerminator; colon = line.indexOf(':', colon + 1)) {
    let after = colon + 1;
    while (after < line.length && /\s/.test(line[after]!)) after++;
    if (after === line.length || (line[after] === '#' && after > lastTerminator)) return true;
  }
  return false;
}

function nest(path: readonly string[], value: Plain): Plain {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]!]: out };
  return out;
}

/** The text after `key:` for `value` in block style, for a key at column `column`. */
export function renderBlockValue(value: Plain, column: number, step: number): string {
  if (value === null || typeof value !== 'object') return ` ${yamlScalar(value)}`;
  const inner = ' '.repeat(column + step);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item: Plain) => `\n${inner}- ${item !== null && typeof item === 'object' ? flowYaml(item) : yamlScalar(item)}`).join('');
  }
  const entries = Object.entries(value as Record<string, Plain>);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, v]) => `\n${inner}${yamlScalar(k)}:${renderBlockValue(v, column + step, step)}`).join('');
}

/** Applies non-overlapping edits to `text` (overlapping ones after the first are dropped). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * True when `insert` inserts text at either end of `other`: which side the text lands on is
 * ambiguous (an insertion into a block right after an edit that rewrites its last line), so
 * such a fix waits for the next round.
 */
function insertsAtEdge(insert: TextEdit, other: TextEdit): boolean {
  return insert.start === insert.end && (insert.start === other.start || insert.start === other.end);
}

/** Keeps the fixes whose edits do not overlap an earlier kept fix (edits of one fix travel together). */
export function nonOverlapping<T extends { edits: readonly TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const kept: T[] = [];
  for (const fix of fixes) {
    const clash = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || insertsAtEdge(e, t) || insertsAtEdge(t, e)));
    if (clash) continue;
    taken.push(...fix.edits);
    kept.push(fix);
  }
  return kept;
}

export type { YNode };
