/**
 * From text to the positioned model: split a stream at its `---` markers and build each
 * section's model from `yaml`'s concrete syntax tree (see cst-model.ts). Sections are
 * independent so that an edit re-parses only the section it touches, and a syntax error in one
 * never hides the others.
 */
import { parseAllDocuments } from 'yaml';
import { buildFromCst, MAX_DEPTH, type CommentLine, type CstSection } from './cst-model.js';
import { scanFlowDepth, type FlowMarks } from './flow-depth.js';
import type { AliasUse, YNode } from './model.js';
import { t } from '../l10n/t.js';

export type { CommentLine } from './cst-model.js';

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
  /** The aliases of the section and the nodes they refer to, when it has any. */
  readonly aliases?: readonly AliasUse[];
}

/**
 * Splits a YAML stream into sections, each starting at a `---` line. A leading part that holds
 * only comments, blank lines or directives is kept with the section after it.
 */
export function splitSections(text: string): Section[] {
  const starts: number[] = [0];
  let lineStart = 0;
  // Line by line while only blank, comment and directive lines were read: a `---` there opens the first section.
  let onlyPreamble = true;
  while (onlyPreamble && lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (startsDocument(text, lineStart) || !isPreambleLine(text, lineStart, lineEnd)) onlyPreamble = false;
    lineStart = lineEnd + 1;
  }
  // Past it, only a line starting with `---` starts a section: found by the native search for
  // `---` (rare in YAML, unlike line breaks), not line by line.
  for (let at = text.indexOf('---', lineStart); at >= 0; at = text.indexOf('---', at + 3)) {
    if (text.charCodeAt(at - 1) === 10 /* \n */ && startsDocument(text, at)) starts.push(at);
  }
  const sections: Section[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    sections.push({ start, text: text.slice(start, end) });
  }
  return sections;
}

/** Whether the line at `lineStart` is a document start marker: `---`, then a blank, a line break or the end of the text. */
function startsDocument(text: string, lineStart: number): boolean {
  if (!text.startsWith('---', lineStart)) return false;
  const after = text.charCodeAt(lineStart + 3);
  return lineStart + 3 >= text.length || after === 32 || after === 9 || after === 13 || after === 10;
}

function isPreambleLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) continue;
    return c === 35 /* # */ || (c === 37 /* % */ && i === start);
  }
  return true;
}

/**
 * `text` in a string of its own. A section is sliced from the whole file, and V8 keeps a slice
 * (and every value sliced from it by the parser) as a view into the file's text: a section kept
 * for reuse would keep the whole text of the version it came from alive, so a long editing
 * session would hold one old copy of the file per section edited.
 */
export function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string first; the slice views that one.
  return (' ' + text).slice(1);
}

/**
 * Parses one section. Never throws: a parser failure becomes a syntax problem.
 *
 * The model comes from the syntax tree. When the tree walk cannot vouch for the syntax (see
 * `CstSection.unsure`), `yaml`'s composer judges it, so errors are exactly the composer's;
 * only such sections pay for composing.
 */
export function parseSection(text: string): ParsedSection {
  const flow = scanFlowDepth(text);
  if (flow.tooDeepAt !== undefined) return { roots: [], comments: [], error: tooDeep(text, flow.tooDeepAt) };
  let built: CstSection;
  try {
    built = buildFromCst(text);
  } catch (error) {
    return { roots: [], comments: [], error: parserFailure(text, error) };
  }
  if (built.unsure && built.tooDeepAt !== undefined) return { roots: [], comments: built.comments, error: tooDeep(text, built.tooDeepAt) };
  const parsed = built.unsure ? withComposerVerdict(text, built) : { roots: built.roots, comments: built.comments };
  const result = built.aliases.length ? { ...parsed, aliases: built.aliases } : parsed;
  if (!built.unsure) markSyntaxTreeVerdict(result, flow.marks);
  return result;
}

/**
 * Parses whose syntax the tree walk vouched for alone (no composer verdict was needed), and where
 * the scan of their flow nesting stood (see flow-depth.ts), for the scan of their next edit.
 */
const treeVerdicts = new WeakMap<ParsedSection, FlowMarks>();

/** True when `parsed` came from the syntax tree alone: the walk vouched for every token. */
export function isSyntaxTreeVerdict(parsed: ParsedSection): boolean {
  return treeVerdicts.has(parsed);
}

/** What the scan of the flow nesting of a parse that came from the syntax tree alone noted. */
export function flowMarksOf(parsed: ParsedSection): FlowMarks | undefined {
  return treeVerdicts.get(parsed);
}

export function markSyntaxTreeVerdict(parsed: ParsedSection, marks: FlowMarks): void {
  treeVerdicts.set(parsed, marks);
}

function tooDeep(text: string, at: number): SyntaxProblem {
  const start = Math.min(at, text.length);
  return { message: t('Nesting too deep to check (more than {0} levels)', MAX_DEPTH), start, end: Math.min(start + 1, text.length) };
}

/** The composer's options: merge keys on, duplicate keys tolerated (rules may report them). */
export const COMPOSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false } as const;

function withComposerVerdict(text: string, built: CstSection): ParsedSection {
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, COMPOSE_OPTIONS);
  } catch (error) {
    return { roots: [], comments: built.comments, error: parserFailure(text, error) };
  }
  const roots: YNode[] = [];
  let error: SyntaxProblem | undefined;
  for (let i = 0; i < documents.length; i++) {
    const first = documents[i]!.errors[0];
    if (first) error ??= syntaxProblem(first, text.length, text);
    else if (built.roots[i]) roots.push(built.roots[i]!);
  }
  return error ? { roots, comments: built.comments, error } : { roots, comments: built.comments };
}

/** A `yaml` error as a syntax problem, its range kept inside the text (the parser may point one past the end). */
export function syntaxProblem(error: { code: string; message: string; pos: [number, number] }, textLength: number, text?: string): SyntaxProblem {
  // An unclosed quote is found where the text ends; the author needs the line it opens on.
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  const opened = quote && text !== undefined ? unclosedQuote(text, quote) : undefined;
  if (opened !== undefined) {
    const lineEnd = text!.indexOf('\n', opened);
    const message = quote === '"' ? t('Missing closing double quote: the string that starts here runs to the end of the document') : t('Missing closing single quote: the string that starts here runs to the end of the document');
    return { message, start: opened, end: lineEnd < 0 ? textLength : lineEnd };
  }
  const start = Math.min(error.pos[0], textLength);
  const end = Math.min(Math.max(error.pos[1], start), textLength);
  // The composer recurses per nesting level: absurd nesting exhausts the stack.
  // The parser's own words are English: they are a parameter of a sentence in the active language.
  const message = error.code === 'RESOURCE_EXHAUSTION' ? t('Nesting too deep to check ({0})', error.message) : t('YAML syntax error: {0}', error.message);
  return { message, start, end };
}

/**
 * Where the quoted scalar that never closes opens: quotes are followed from the start of the text,
 * counting only those that can open a scalar (after `: `, `- `, `[`, `{`, `,`, or first on a line)
 * and skipping comments and escaped quotes.
 */
function unclosedQuote(text: string, quote: string): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (open !== undefined) {
      if (quote === '"' && char === '\\') i++;
      else if (char === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else open = undefined;
      }
      continue;
    }
    if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (char === quote && /(^|\n)[ \t]*(- +)?$|(: +|- +|[[{,] *)$/.test(text.slice(Math.max(0, i - 40), i))) {
      open = i;
    }
  }
  return open;
}

function parserFailure(text: string, error: unknown): SyntaxProblem {
  return { message: t('YAML parser failed: {0}', String(error)), start: 0, end: Math.min(1, text.length) };
}
