/**
 * Minimal text edits computed from source ranges. A fix never reserializes a document: it
 * replaces a value, inserts a key at the indentation of its block, or removes the lines of one
 * entry, so comments, quoting and key order elsewhere stay as they were.
 */
import { parseSection } from './parse.js';
import { isMap, pairOf, writtenPairs, type YMap, type YNode, type YPair, type YSeq } from './model.js';

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
  /**
   * Offered for a person to apply, never by fix-all (not even with unsafe fixes): one of several
   * choices, or a change that loosens security or needs another change first.
   */
  readonly manual?: boolean;
}

const LAZY_FIXES = new WeakSet<Fix>();

/**
 * A fix whose edits are worked out when first read (a quick fix offered at the cursor, fix-all,
 * `--fix`), for edits that cost much to write: a value copied elsewhere with its aliases expanded.
 * Its title and safety are known at once. Edits that turn out impossible to make read as none,
 * and a fix without edits is not offered.
 */
export function lazyFix(fix: Omit<Fix, 'edits'>, build: () => readonly TextEdit[]): Fix {
  let edits: readonly TextEdit[] | undefined;
  const lazy: Fix = {
    title: fix.title,
    safe: fix.safe,
    ...(fix.manual ? { manual: true } : {}),
    get edits() {
      return (edits ??= build());
    },
  };
  LAZY_FIXES.add(lazy);
  return lazy;
}

/** Whether `fix` builds its edits when first read (see `lazyFix`): what passes it on should not read them. */
export function isLazyFix(fix: Fix): boolean {
  return LAZY_FIXES.has(fix);
}

const NO_EDITS: readonly TextEdit[] = Object.freeze([]);
const NO_FIXES: readonly Fix[] = Object.freeze([]);

/**
 * Fixes kept as their title and safety alone, for a report that says which findings are fixable
 * but never applies a fix (the CLI's scan output: `--fix` fixes the file before it is scanned).
 * A file with hundreds of thousands of findings would otherwise hold each fix's edits and text;
 * equal summaries are shared. A lazy fix becomes a summary too, without building its edits: it
 * would otherwise keep the positioned model its edits are to be built from.
 */
export class FixSummaries {
  /** One fix (most findings have one): its summaries by title, one per safety (safe, manual). */
  private readonly single = new Map<string, (readonly Fix[] | undefined)[]>();
  private readonly several = new Map<string, readonly Fix[]>();

  of(fixes: readonly Fix[]): readonly Fix[] {
    // One empty list for every finding without a fix.
    if (fixes.length === 0) return NO_FIXES;
    if (fixes.length === 1) {
      const fix = fixes[0]!;
      let bySafety = this.single.get(fix.title);
      if (!bySafety) this.single.set(fix.title, (bySafety = []));
      const slot = (fix.safe ? 1 : 0) + (fix.manual ? 2 : 0);
      return (bySafety[slot] ??= Object.freeze([summaryOf(fix)]));
    }
    let key = '';
    for (const fix of fixes) key += `${fix.safe ? 's' : 'u'}${fix.manual ? 'm' : 'a'}${fix.title}\u0000`;
    let summaries = this.several.get(key);
    if (!summaries) this.several.set(key, (summaries = Object.freeze(fixes.map(summaryOf))));
    return summaries;
  }
}

function summaryOf(fix: Fix): Fix {
  return fix.manual ? { title: fix.title, safe: fix.safe, edits: NO_EDITS, manual: true } : { title: fix.title, safe: fix.safe, edits: NO_EDITS };
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

/** `value` as compact JSON with a space after each `:` and `,`, as manifests are written by hand. */
export function flowJson(value: Plain): string {
  if (Array.isArray(value)) return `[${value.map(flowJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, Plain>).map(([k, v]) => `${JSON.stringify(k)}: ${flowJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** `value` as indented JSON whose first line starts at `column`, one level `step` columns deep. */
function prettyJson(value: Plain, column: number, step: number): string {
  return JSON.stringify(value, null, step).replace(/\n/g, `\n${' '.repeat(column)}`);
}

/** True when `text` is a JSON document (a manifest written as JSON): edits must keep it JSON. */
export function isJsonText(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A block scalar header with keep chomping (`|+`, `>+`, `|2+`, `|+2`): its trailing newlines are content. */
const KEEP_CHOMPING = /^[|>](?:[1-9]?\+|\+[1-9])/;

/** Edits for one section of text; knows its indentation habits, line endings and whether it is JSON. */
export class EditKit {
  private step: number | undefined;
  private jsonText: boolean | undefined;
  private flowSpans: { start: number; end: number }[] | undefined;
  /** The line ending of the text: inserted lines use it too. */
  readonly newline: '\n' | '\r\n';

  /**
   * `roots` are the parsed roots of `text`, when the caller has them (else the text is parsed
   * when needed): they tell which places sit inside a flow collection (`{...}`, `[...]`), where
   * block syntax cannot go.
   */
  constructor(
    readonly text: string,
    private readonly roots?: readonly YNode[],
  ) {
    this.newline = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** True when the text is JSON: keys are quoted, values written in JSON syntax. */
  get json(): boolean {
    this.jsonText ??= isJsonText(this.text);
    return this.jsonText;
  }

  /** `text` with the text's own line ending (`\r\n` in a CRLF file). */
  eol(text: string): string {
    return this.newline === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
  }

  private scalarText(value: string | number | boolean | null): string {
    return this.json ? JSON.stringify(value) : yamlScalar(value);
  }

  private flowText(value: Plain): string {
    return this.json ? flowJson(value) : flowYaml(value);
  }

  /** True when `offset` lies inside a flow collection, where only flow syntax may go. */
  inFlow(offset: number): boolean {
    if (this.json) return true;
    this.flowSpans ??= flowCollectionSpans(this.roots ?? parseSection(this.text).roots);
    return this.flowSpans.some((span) => span.start < offset && offset < span.end);
  }

  /** The indentation unit of a JSON text: the smallest step from a line opening `{` or `[` to the line below it. */
  private get jsonIndentStep(): number {
    let best = 0;
    const lines = this.text.split('\n', 400);
    for (let i = 1; i < lines.length; i++) {
      if (!/[[{]\s*$/.test(lines[i - 1]!) || lines[i]!.trim() === '') continue;
      const step = /^ */.exec(lines[i]!)![0].length - /^ */.exec(lines[i - 1]!)![0].length;
      if (step > 0 && (best === 0 || step < best)) best = step;
    }
    return best > 0 && best <= 8 ? best : 2;
  }

  /** True when the key of `pair` is the first thing on its line (a JSON object written one entry per line). */
  private standsOnItsLine(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === '';
  }

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
    const last = this.lastContent(node);
    if (last !== node) return this.contentEnd(last);
    let end = node.end;
    while (end > node.start && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  /** The last entry or item of a block collection (where its content ends), or `node` itself. */
  private lastContent(node: YNode): YNode {
    if (node.kind === 'map' && !node.flow) {
      const written = writtenPairs(node);
      // A merge key (`<<: *base`) is not in the model: with one, the map's own end is the safe bound.
      if (written.length && written === node.pairs) return written[written.length - 1]!.value;
    }
    if (node.kind === 'seq' && !node.flow && node.items.length) return node.items[node.items.length - 1]!;
    return node;
  }

  private keepsNewlines(node: YNode): boolean {
    return node.kind === 'scalar' && KEEP_CHOMPING.test(this.text.slice(node.start, node.start + 3));
  }

  /**
   * The start of the line after the content of `node`, where the next entry goes. A keep-chomped
   * block scalar (`|+`) owns its trailing newlines: text inserted before them would take them away.
   */
  private lineAfter(node: YNode, from = node.start): number {
    let last = node;
    for (let next = this.lastContent(last); next !== last; next = this.lastContent(last)) last = next;
    if (this.keepsNewlines(last) && this.text[last.end - 1] === '\n') return last.end;
    return this.afterContentLine(Math.max(from, this.contentEnd(node)));
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
    // A tag before the old value would retype the new one (`!!int "7"` set to false reads as
    // `!!int false`): it goes, and an anchor there stays.
    const tagged = 'kind' in node ? this.taggedBefore(node.start) : undefined;
    if (tagged) return { start: tagged.start, end, text: tagged.anchor ? `${tagged.anchor} ${text}` : text };
    return { start: node.start, end, text };
  }

  /**
   * The properties written just before `offset` on its line when one of them is a tag (`!!int`,
   * `!custom`, `!<tag:...>`): where they start, and the anchor among them (`&a`), if any.
   */
  private taggedBefore(offset: number): { start: number; anchor?: string } | undefined {
    const { text } = this;
    let start = offset;
    let anchor: string | undefined;
    let tagged = false;
    // At most two properties: a tag and an anchor, in either order.
    for (let n = 0; n < 2; n++) {
      let tokenEnd = start;
      while (tokenEnd > 0 && (text[tokenEnd - 1] === ' ' || text[tokenEnd - 1] === '\t')) tokenEnd--;
      let tokenStart = tokenEnd;
      while (tokenStart > 0 && !' \t\r\n'.includes(text[tokenStart - 1]!)) tokenStart--;
      if (tokenStart === tokenEnd || tokenEnd === start) break;
      const indicator = text[tokenStart];
      if (indicator === '!') tagged = true;
      else if (indicator === '&') anchor = text.slice(tokenStart, tokenEnd);
      else break;
      start = tokenStart;
    }
    return tagged ? { start, ...(anchor ? { anchor } : {}) } : undefined;
  }

  /**
   * Sets `key` in `map` to `value`: replaces the value in place, or inserts the key. A key merged
   * in from an anchor (`<<: *base`) gets a key of the map's own, which overrides it without
   * changing the anchor that other objects share.
   */
  setKey(map: YMap, key: string, value: Plain): TextEdit[] {
    const pair = pairOf(map, key);
    if (!pair || pair.merged) return this.insertKey(map, key, value);
    return this.replaceValue(pair, value);
  }

  /**
   * Replaces the value of `pair` with `value` (block-styled when it is a collection in block
   * context; flow or JSON syntax inside a flow collection or a JSON text). None for an entry
   * merged in from an anchor: it is not written here.
   */
  replaceValue(pair: YPair, value: Plain): TextEdit[] {
    if (pair.merged) return [];
    const node = pair.value;
    const isCollection = value !== null && typeof value === 'object';
    if (!isCollection || (node.kind !== 'scalar' && node.flow) || this.inFlow(pair.key.start)) {
      const text = isCollection && this.json && this.standsOnItsLine(pair.key.start) ? prettyJson(value, this.columnOf(pair.key.start), this.jsonIndentStep) : this.flowText(value);
      // An empty value's span sits where a comment may start (`key:  # note`): write right after the colon.
      if (node.kind === 'scalar' && node.empty) {
        const at = this.afterColon(pair);
        return [{ start: at, end: at, text: this.eol(` ${text}`) }];
      }
      const edit = this.replace(node, text);
      return [{ ...edit, text: this.eol(edit.text) }];
    }
    const body = this.eol(renderBlockValue(value, this.keyColumn(pair), this.indentStep));
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

  /**
   * Inserts `key: value` into `map` after its last entry written in it, at the map's
   * indentation (in a map holding only a merge key, after the merge key).
   */
  insertKey(map: YMap, key: string, value: Plain): TextEdit[] {
    const written = writtenPairs(map);
    const last = written[written.length - 1];
    if (map.flow) {
      // A pair written in a flow sequence without braces (`[name: a]`) is a map of that one pair:
      // what follows it after a comma is the sequence's next item, not another entry of it.
      if (this.text[map.start] !== '{') return [];
      return [this.insertFlowEntry(map, last, `${this.scalarText(key)}: `, value)];
    }
    const column = written.length ? this.keyColumn(written[0]!) : this.columnOf(map.start);
    const at = last ? this.lineAfter(last.value, last.key.end) : this.afterContentLine(this.contentEnd(map));
    return [this.insertLine(at, `${' '.repeat(column)}${yamlScalar(key)}:${renderBlockValue(value, column, this.indentStep)}`)];
  }

  /** Inserts `line` (without its line ending) at `at`, the start of a line or the end of the text. */
  private insertLine(at: number, line: string): TextEdit {
    const needsNewline = at === this.text.length && !this.text.endsWith('\n');
    return { start: at, end: at, text: this.eol(needsNewline ? `\n${line}` : `${line}\n`) };
  }

  /**
   * Adds an entry (`prefix` then `value`) after `last` in a flow collection: on a line of its own
   * in a JSON text written one entry per line, else after `, `.
   */
  private insertFlowEntry(collection: YMap | YSeq, last: { start: number; end: number } | undefined, prefix: string, value: Plain): TextEdit {
    if (!last) {
      const close = this.closingBracket(collection);
      const hasMerge = collection.kind === 'map' && collection.pairs.length > 0;
      if (hasMerge) return { start: close, end: close, text: `, ${prefix}${this.flowText(value)}` };
      const open = this.text.indexOf(collection.kind === 'map' ? '{' : '[', collection.start);
      return { start: open + 1, end: open + 1, text: `${prefix}${this.flowText(value)}` };
    }
    if (this.json && this.standsOnItsLine(last.start)) {
      const column = this.columnOf(last.start);
      return { start: last.end, end: last.end, text: this.eol(`,\n${' '.repeat(column)}${prefix}${prettyJson(value, column, this.jsonIndentStep)}`) };
    }
    return { start: last.end, end: last.end, text: `, ${prefix}${this.flowText(value)}` };
  }

  /** Offset just after the last non-space character before the `}` or `]` that closes a flow collection. */
  private closingBracket(collection: YMap | YSeq): number {
    let at = this.text.lastIndexOf(collection.kind === 'map' ? '}' : ']', collection.end);
    while (at > collection.start && /\s/.test(this.text[at - 1]!)) at--;
    return at;
  }

  /**
   * Ensures that the maps along `path` exist below `map` and sets the last key to `value`.
   * Returns undefined when a step of the path holds something that is not a map, or a map
   * merged in from an anchor (changing it would change every object that merges it).
   */
  setPath(map: YMap, path: readonly string[], value: Plain): TextEdit[] | undefined {
    let current: YMap = map;
    for (let i = 0; i < path.length - 1; i++) {
      const pair = pairOf(current, path[i]!);
      const rest = nest(path.slice(i + 1), value);
      if (!pair) return this.insertKey(current, path[i]!, rest);
      if (pair.merged) return undefined;
      if (pair.value.kind === 'scalar' && pair.value.value === null) return this.replaceValue(pair, rest);
      if (!isMap(pair.value) || pair.value.viaAlias) return undefined;
      if (pair.value.pairs.length === 0) return this.replaceValue(pair, rest);
      current = pair.value;
    }
    return this.setKey(current, path[path.length - 1]!, value);
  }

  /**
   * Removes one entry of a map, with its whole lines in block style. None for an entry merged in
   * from an anchor, nor where removing it would disturb a merge key written beside it.
   */
  removePair(map: YMap, pair: YPair): TextEdit[] {
    if (pair.merged) return [];
    const written = writtenPairs(map);
    const withMerge = written !== map.pairs;
    if (written.length === 1 && !withMerge) return this.emptyCollection(map, '{}');
    const index = written.indexOf(pair);
    if (map.flow) return withMerge ? [] : this.removeFlowEntry(written, index);
    const lineStart = this.lineStart(pair.key.start);
    const prefix = this.text.slice(lineStart, pair.key.start);
    if (prefix.trim() !== '') {
      // First key of a sequence item (`- hostPort: 80`): keep the dash, pull the next key up.
      const next = written[index + 1];
      if (withMerge) return [];
      if (next) return [{ start: pair.key.start, end: next.key.start, text: '' }];
      return [{ start: pair.key.start, end: this.pairEnd(pair), text: '{}' }];
    }
    return [{ start: lineStart, end: this.afterContentLine(this.pairEnd(pair)), text: '' }];
  }

  /** Removes one item of a sequence, with its whole lines in block style. */
  removeItem(seq: YSeq, index: number): TextEdit[] {
    if (seq.items.length === 1) return this.emptyCollection(seq, '[]');
    if (seq.flow) return this.removeFlowEntry(seq.items, index);
    const item = seq.items[index]!;
    const dash = this.text.lastIndexOf('-', item.start - 1);
    const lineStart = this.lineStart(dash);
    if (this.text.slice(lineStart, dash).trim() !== '') return [];
    return [{ start: lineStart, end: this.afterContentLine(this.contentEnd(item)), text: '' }];
  }

  /** Appends a scalar item to a sequence. */
  appendItem(seq: YSeq, value: Plain): TextEdit[] {
    const last = seq.items[seq.items.length - 1];
    if (seq.flow) return [this.insertFlowEntry(seq, last, '', value)];
    if (!last) return [];
    const dash = this.text.lastIndexOf('-', last.start - 1);
    return [this.insertLine(this.lineAfter(last), `${' '.repeat(this.columnOf(dash))}- ${flowYaml(value)}`)];
  }

  /**
   * Replaces a collection by its empty flow form. A block collection's range runs past its last
   * line break, so only its content is replaced (keeping the next line intact), and the result
   * moves up next to its key (`key: {}`) when nothing but whitespace separates them (a comment
   * line ending in `:` is not a key). A flow collection holding a comment (`{ # why`) keeps it:
   * only its entries go.
   */
  emptyCollection(node: YMap | YSeq, empty: '{}' | '[]'): TextEdit[] {
    if (node.flow) {
      if (!this.text.slice(node.start, node.end).includes('#')) return [this.replace(node, empty)];
      const entries: readonly { start: number; end: number }[] = node.kind === 'map' ? node.pairs : node.items;
      return entries.map((entry) => ({ start: entry.start, end: this.afterComma(entry.end), text: '' }));
    }
    const end = node.start + this.text.slice(node.start, node.end).trimEnd().length;
    let before = node.start;
    while (before > 0 && /\s/.test(this.text[before - 1]!)) before--;
    const keyLine = this.text.slice(this.lineStart(before), before);
    if (keyLine.endsWith(':') && !keyLine.includes('#')) return [{ start: before, end, text: ` ${empty}` }];
    return [{ start: node.start, end, text: empty }];
  }

  /** Just past the `,` that follows a flow entry ending at `end` (only spaces between), or `end`. */
  private afterComma(end: number): number {
    let at = end;
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    return this.text[at] === ',' ? at + 1 : end;
  }

  /** Removes one entry of a flow collection with its comma; comments between entries stay. */
  private removeFlowEntry(entries: readonly { start: number; end: number }[], index: number): TextEdit[] {
    const entry = entries[index]!;
    const next = entries[index + 1];
    if (next) {
      if (!this.text.slice(entry.end, next.start).includes('#')) return [{ start: entry.start, end: next.start, text: '' }];
      return [{ start: entry.start, end: this.afterComma(entry.end), text: '' }];
    }
    const previous = entries[index - 1]!;
    if (!this.text.slice(previous.end, entry.start).includes('#')) return [{ start: previous.end, end: entry.end, text: '' }];
    const comma = this.afterComma(previous.end);
    return [{ start: comma - 1, end: comma, text: '' }, { start: entry.start, end: entry.end, text: '' }];
  }
}

/** The spans of the flow collections below `roots` (aliases are not followed: their spans are their anchors'). */
function flowCollectionSpans(roots: readonly YNode[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const visit = (node: YNode): void => {
    if (node.viaAlias || node.kind === 'scalar') return;
    if (node.flow) {
      out.push({ start: node.start, end: node.end });
      return;
    }
    if (node.kind === 'seq') node.items.forEach(visit);
    else for (const pair of node.pairs) if (!pair.merged) visit(pair.value);
  };
  roots.forEach(visit);
  return out;
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
