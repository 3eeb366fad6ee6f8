/**
 * From text to the positioned model: split a stream at its `---` markers, parse each section
 * with `yaml`, and convert the result. Sections are independent so that an edit re-parses only
 * the section it touches, and a syntax error in one never hides the others.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, Pair, parseAllDocuments, Scalar } from 'yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './model.js';

export interface Section {
  /** Offset of the section in the whole file. */
  readonly start: number;
  readonly text: string;
}

export interface SyntaxProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface ParsedSection {
  /** The root node of each YAML document in the section (usually one; `...` may end one early). */
  readonly roots: readonly YNode[];
  /** The first syntax error of the section, if any (later ones are usually its echoes). */
  readonly error?: SyntaxProblem;
  /** Offsets (section-relative) of the lines that hold only a comment, and the comment text. */
  readonly comments: readonly CommentLine[];
}

export interface CommentLine {
  readonly start: number;
  readonly text: string;
  /** True when the comment stands alone on its line. */
  readonly ownLine: boolean;
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/;

/**
 * Splits a YAML stream into sections, each starting at a `---` line. A leading part that holds
 * only comments, blank lines or directives is kept with the section after it.
 */
export function splitSections(text: string): Section[] {
  const starts: number[] = [0];
  let lineStart = 0;
  let onlyPreamble = true;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const first = text.charCodeAt(lineStart);
    if (first === 45 /* - */ && DOCUMENT_START.test(text.slice(lineStart, Math.min(lineEnd + 1, lineStart + 5)))) {
      if (!onlyPreamble) starts.push(lineStart);
      onlyPreamble = false;
    } else if (onlyPreamble && !isPreambleLine(text, lineStart, lineEnd)) {
      onlyPreamble = false;
    }
    lineStart = lineEnd + 1;
  }
  const sections: Section[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    sections.push({ start, text: text.slice(start, end) });
  }
  return sections;
}

function isPreambleLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) continue;
    return c === 35 /* # */ || (c === 37 /* % */ && i === start);
  }
  return true;
}

/** Parses one section. Never throws: a parser failure becomes a syntax problem. */
export function parseSection(text: string): ParsedSection {
  const comments = collectComments(text);
  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      lineCounter: new LineCounter(),
    });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return { roots: [], comments, error: { message: `YAML parser failed: ${String(error)}`, start: 0, end: Math.min(1, text.length) } };
  }
  const roots: YNode[] = [];
  let error: SyntaxProblem | undefined;
  for (const document of documents) {
    const first = document.errors[0];
    if (first) {
      error ??= { message: first.message, start: first.pos[0], end: Math.max(first.pos[1], first.pos[0]) };
      continue;
    }
    if (document.contents) roots.push(new Converter(document).convert(document.contents));
  }
  return error ? { roots, comments, error } : { roots, comments };
}

/** Comment lines, found by a cheap scan (a `#` after whitespace outside quotes is a comment). */
function collectComments(text: string): CommentLine[] {
  const out: CommentLine[] = [];
  let index = text.indexOf('#');
  while (index >= 0) {
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const before = text.slice(lineStart, index);
    if (before.trim() === '') {
      const lineEnd = text.indexOf('\n', index);
      out.push({ start: index, text: text.slice(index, lineEnd < 0 ? text.length : lineEnd).trimEnd(), ownLine: true });
    } else if (/\s$/.test(before) && !/['"]/.test(before)) {
      const lineEnd = text.indexOf('\n', index);
      out.push({ start: index, text: text.slice(index, lineEnd < 0 ? text.length : lineEnd).trimEnd(), ownLine: false });
    }
    const next = text.indexOf('\n', index);
    index = next < 0 ? -1 : text.indexOf('#', next);
  }
  return out;
}

/** Converts `yaml` nodes to the model. Each source node is converted once, so alias-heavy input stays linear. */
class Converter {
  private readonly seen = new Map<Node, YNode>();
  constructor(private readonly document: Document.Parsed) {}

  convert(node: unknown, depth = 0): YNode {
    if (depth > 500) return emptyScalar(0);
    if (isAlias(node)) return this.resolveAlias(node, depth);
    const known = this.seen.get(node as Node);
    if (known) return known;
    let result: YNode;
    if (isMap(node)) result = this.map(node, depth);
    else if (isSeq(node)) {
      const [start, end] = rangeOf(node);
      const seq: YSeq = { kind: 'seq', start, end, flow: node.flow === true, items: node.items.map((item) => this.convert(item, depth + 1)) };
      result = seq;
    } else if (isScalar(node)) result = scalar(node);
    else result = emptyScalar(0);
    this.seen.set(node as Node, result);
    return result;
  }

  private resolveAlias(alias: Alias, depth: number): YNode {
    const target = alias.resolve(this.document);
    if (!target) return emptyScalar(alias.range?.[0] ?? 0);
    return { ...this.convert(target, depth + 1), viaAlias: true };
  }

  private map(node: import('yaml').YAMLMap, depth: number): YMap {
    const [start, end] = rangeOf(node);
    const own: YPair[] = [];
    const merged: YPair[] = [];
    for (const item of node.items as Pair[]) {
      if (!isScalar(item.key)) continue;
      if (typeof item.key.value === 'symbol' || (item.key.value === '<<' && isAlias(item.value))) {
        merged.push(...this.mergedPairs(item.value, depth));
        continue;
      }
      const key = scalar(item.key);
      const value = item.value === null || item.value === undefined ? emptyScalar(key.end) : this.convert(item.value, depth + 1);
      own.push({ key, value, start: key.start, end: Math.max(key.end, value.end) });
    }
    return { kind: 'map', start, end, flow: node.flow === true, pairs: merged.length ? [...merged, ...own] : own };
  }

  private mergedPairs(value: unknown, depth: number): YPair[] {
    const sources = isSeq(value) ? value.items : [value];
    const out: YPair[] = [];
    for (const source of sources) {
      const converted = this.convert(source, depth + 1);
      if (converted.kind === 'map') out.push(...converted.pairs);
    }
    return out;
  }
}

function rangeOf(node: Node): [number, number] {
  const range = node.range;
  return range ? [range[0], range[1]] : [0, 0];
}

function scalar(node: Scalar): YScalar {
  const [start, end] = rangeOf(node);
  const raw = node.value;
  const value = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : typeof raw === 'bigint' ? Number(raw) : String(raw);
  return { kind: 'scalar', start, end, value, empty: start === end && value === null };
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', start: at, end: at, value: null, empty: true };
}
