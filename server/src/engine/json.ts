/**
 * A strict JSON parser that keeps source positions. It produces the same positioned model as
 * the YAML parser (flow maps and sequences, scalars whose span includes their quotes), so rules
 * read JSON with the model helpers. Never throws: a syntax error comes back with its position.
 */
import type { YMap, YNode, YPair, YScalar, YSeq } from './model.js';
import { t } from '../l10n/t.js';

export interface JsonProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type JsonResult = { readonly node: YNode; readonly error?: undefined } | { readonly node?: undefined; readonly error: JsonProblem };

const MAX_DEPTH = 200;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: readonly [string, boolean | null][] = [['true', true], ['false', false], ['null', null]];

class JsonSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

/** Parses `text` as one JSON value (surrounding whitespace allowed); offsets are into `text`. */
export function parseJson(text: string): JsonResult {
  const parser = new JsonParser(text);
  try {
    return { node: parser.document() };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: { message: error.message, start: error.start, end: error.end } };
    throw error;
  }
}

class JsonParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): YNode {
    this.skipSpace();
    const node = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.fail(t('unexpected text after the JSON value'));
    return node;
  }

  private value(depth: number): YNode {
    if (depth > MAX_DEPTH) throw this.fail(t('nesting too deep'));
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) return this.scalar(this.pos, (this.pos += word.length), value);
    }
    throw this.fail(c === undefined ? t('unexpected end of line: a value is missing') : t('unexpected character {0}', JSON.stringify(c)));
  }

  private object(depth: number): YMap {
    const start = this.pos++;
    const pairs: YPair[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') return { kind: 'map', flow: true, start, end: ++this.pos, pairs };
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw this.fail(t('expected a quoted key'));
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.fail(t('expected ":" after the key'));
      this.pos++;
      this.skipSpace();
      const value = this.value(depth + 1);
      pairs.push({ key, value, start: key.start, end: value.end });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '}') return { kind: 'map', flow: true, start, end: ++this.pos, pairs };
      if (c !== ',') throw this.fail(t('expected "," or "}"'));
      this.pos++;
    }
  }

  private array(depth: number): YSeq {
    const start = this.pos++;
    const items: YNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') return { kind: 'seq', flow: true, start, end: ++this.pos, items };
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ']') return { kind: 'seq', flow: true, start, end: ++this.pos, items };
      if (c !== ',') throw this.fail(t('expected "," or "]"'));
      this.pos++;
    }
  }

  private string(): YScalar {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (Number.isNaN(code)) throw new JsonSyntaxError(t('unterminated string'), start, this.text.length);
      if (code === 0x22 /* " */) break;
      if (code < 0x20) throw new JsonSyntaxError(t('control character in a string'), i, i + 1);
      i += code === 0x5c /* \ */ ? 2 : 1;
    }
    const end = i + 1;
    let value: string;
    try {
      value = JSON.parse(this.text.slice(start, end)) as string;
    } catch {
      throw new JsonSyntaxError(t('invalid escape sequence in a string'), start, end);
    }
    this.pos = end;
    return this.scalar(start, end, value);
  }

  private number(): YScalar {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.fail(t('invalid number'));
    const start = this.pos;
    this.pos += match[0].length;
    return this.scalar(start, this.pos, Number(match[0]));
  }

  private scalar(start: number, end: number, value: string | number | boolean | null): YScalar {
    return { kind: 'scalar', start, end, value, empty: false };
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos]!)) this.pos++;
  }

  private fail(message: string): JsonSyntaxError {
    return new JsonSyntaxError(message, this.pos, Math.min(this.pos + 1, this.text.length));
  }
}

/**
 * `node` written on one line with nothing between its tokens: every key and scalar keeps its
 * source text (escapes, number spelling), and keys keep their order.
 */
export function compactJson(text: string, node: YNode): string {
  if (node.kind === 'map') return `{${node.pairs.map((pair) => `${text.slice(pair.key.start, pair.key.end)}:${compactJson(text, pair.value)}`).join(',')}}`;
  if (node.kind === 'seq') return `[${node.items.map((item) => compactJson(text, item)).join(',')}]`;
  return text.slice(node.start, node.end);
}

/**
 * For every bracket that opens a JSON object or array, the offset after the bracket that closes
 * it, found in one pass by counting brackets outside strings. A string cannot run past its line,
 * so it ends there; an opening bracket never closed has no entry. A text with stray or mismatched
 * brackets gets pairs that are not JSON: callers parse what a pair spans before trusting it.
 */
export function bracketPairs(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */ && text.charCodeAt(i + 1) !== 0x0a) i++;
        else if (s === 0x22 || s === 0x0a /* \n */) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) open.push(i);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, i + 1);
    }
  }
  return pairs;
}
