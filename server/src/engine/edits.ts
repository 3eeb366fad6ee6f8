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

  /** The indentation unit of the text (the smallest non-zero indentation, 2 when none). */
  get indentStep(): number {
    if (this.step === undefined) {
      let best = 0;
      const re = /\n( +)[^ \n#-]/g;
      let match: RegExpExecArray | null;
      let budget = 200;
      while ((match = re.exec(this.text)) && budget-- > 0) {
        const width = match[1]!.length;
        if (best === 0 || width < best) best = width;
        if (best <= 2) break;
      }
      this.step = best > 0 && best <= 8 ? best : 2;
    }
    return this.step;
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

  replace(node: { start: number; end: number }, text: string): TextEdit {
    return { start: node.start, end: node.end, text };
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
      if (node.kind === 'scalar' && node.empty) return [{ start: node.start, end: node.end, text: ` ${text}` }];
      return [this.replace(node, text)];
    }
    const keyColumn = this.columnOf(pair.key.start);
    const body = renderBlockValue(value, keyColumn, this.indentStep);
    const end = node.kind === 'scalar' ? node.end : node.end;
    return [{ start: pair.key.end + 1, end, text: body }];
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
    const column = this.columnOf(first.key.start);
    const at = this.afterContentLine(last.end);
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
    if (map.pairs.length === 1) return [this.replace(map, '{}')];
    const index = map.pairs.indexOf(pair);
    if (map.flow) return [this.removeFlowEntry(map.pairs.map((p) => p), index)];
    const lineStart = this.lineStart(pair.key.start);
    const prefix = this.text.slice(lineStart, pair.key.start);
    if (prefix.trim() !== '') {
      // First key of a sequence item (`- hostPort: 80`): keep the dash, pull the next key up.
      const next = map.pairs[index + 1];
      if (next) return [{ start: pair.key.start, end: next.key.start, text: '' }];
      return [{ start: pair.key.start, end: this.afterContentLine(pair.end) - 1, text: '{}' }];
    }
    return [{ start: lineStart, end: this.afterContentLine(pair.end), text: '' }];
  }

  /** Removes one item of a sequence, with its whole lines in block style. */
  removeItem(seq: YSeq, index: number): TextEdit[] {
    if (seq.items.length === 1) return [this.replace(seq, '[]')];
    if (seq.flow) return [this.removeFlowEntry(seq.items, index)];
    const item = seq.items[index]!;
    const dash = this.text.lastIndexOf('-', item.start - 1);
    const lineStart = this.lineStart(dash);
    if (this.text.slice(lineStart, dash).trim() !== '') return [];
    return [{ start: lineStart, end: this.afterContentLine(item.end), text: '' }];
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
    const at = this.afterContentLine(last.end);
    const needsNewline = at === this.text.length && !this.text.endsWith('\n');
    const line = `${' '.repeat(column)}- ${rendered}`;
    return [{ start: at, end: at, text: needsNewline ? `\n${line}` : `${line}\n` }];
  }

  private removeFlowEntry(entries: readonly { start: number; end: number }[], index: number): TextEdit {
    const entry = entries[index]!;
    const next = entries[index + 1];
    if (next) return { start: entry.start, end: next.start, text: '' };
    const previous = entries[index - 1]!;
    return { start: previous.end, end: entry.end, text: '' };
  }
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

/** Keeps the fixes whose edits do not overlap an earlier kept fix (edits of one fix travel together). */
export function nonOverlapping<T extends { edits: readonly TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const kept: T[] = [];
  for (const fix of fixes) {
    const clash = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start) || (t.start === t.end && t.start === e.start)));
    if (clash) continue;
    taken.push(...fix.edits);
    kept.push(fix);
  }
  return kept;
}

export type { YNode };
