/**
 * How deep flow collections (`[`, `{`) nest, read by a scan before the parser, which takes seconds
 * on tens of thousands of nested flow collections. A bracket counts where a collection can start
 * (a value, an item, a line, or inside another collection after `[`, `{`, `,` or `:`), outside
 * comments and quoted strings. The scan may miss some nesting (the model's own depth limit still
 * applies), but a bracket inside a plain scalar (`a[b`) never counts.
 *
 * The scan notes where it stood (its offset and depth) at a line start every few kilobytes. After
 * an edit, it starts again from the last such mark before the edit and stops at the first mark
 * after it where it stands as it stood then: from there on the text and the scan are the old ones.
 */
import { MAX_DEPTH } from './cst-model.js';
import type { TextChange } from './text-change.js';

/** Where the scan of a text stood: offsets (line starts) and the depth at each, in order. */
export interface FlowMarks {
  readonly offsets: Int32Array;
  readonly depths: Int32Array;
}

export interface FlowScan {
  /** Where flow collections first nest deeper than `MAX_DEPTH`, if they do. */
  readonly tooDeepAt?: number;
  readonly marks: FlowMarks;
}

/** Characters between marks, about. */
const MARK_EVERY = 4096;

const NO_MARKS: FlowMarks = { offsets: new Int32Array(0), depths: new Int32Array(0) };

/** Where flow collections first nest deeper than `MAX_DEPTH`, if they do. */
export function flowTooDeepAt(text: string): number | undefined {
  return scanFlowDepth(text).tooDeepAt;
}

/** The whole text scanned. */
export function scanFlowDepth(text: string): FlowScan {
  if (text.length < MAX_DEPTH) return { marks: NO_MARKS };
  const offsets: number[] = [];
  const depths: number[] = [];
  const tooDeepAt = scan(text, 0, 0, offsets, depths);
  return tooDeepAt === undefined ? { marks: marksOf(offsets, depths) } : { tooDeepAt, marks: marksOf(offsets, depths) };
}

/**
 * `text`, an edit of a text whose scan found no nesting too deep and left `before`, scanned again
 * from the mark before the edit to the first mark after it where the scan is back in step.
 */
export function rescanFlowDepth(before: FlowMarks, text: string, change: TextChange): FlowScan {
  if (text.length < MAX_DEPTH) return { marks: NO_MARKS };
  const old = before.offsets;
  // The last mark before the edit: what the scan reads from there up to the edit is as it was
  // (a quote it skips may look one character past its end, hence a mark strictly before the edit).
  let first = 0;
  while (first < old.length && old[first]! < change.start) first++;
  const from = first > 0 ? old[first - 1]! : 0;
  const depth = first > 0 ? before.depths[first - 1]! : 0;
  const offsets = Array.from(old.subarray(0, Math.max(0, first - 1)));
  const depths = Array.from(before.depths.subarray(0, Math.max(0, first - 1)));
  const delta = change.newEnd - change.oldEnd;
  const resume = { marks: before, after: change.newEnd, delta, at: -1 };
  const tooDeepAt = scan(text, from, depth, offsets, depths, resume);
  if (tooDeepAt !== undefined) return { tooDeepAt, marks: marksOf(offsets, depths) };
  if (resume.at >= 0) {
    for (let i = resume.at; i < old.length; i++) {
      offsets.push(old[i]! + delta);
      depths.push(before.depths[i]!);
    }
  }
  return { marks: marksOf(offsets, depths) };
}

function marksOf(offsets: number[], depths: number[]): FlowMarks {
  return { offsets: Int32Array.from(offsets), depths: Int32Array.from(depths) };
}

/** Where the scan of an edited text may stop: at a mark of the old scan at or after `after` (new offsets), moved by `delta`. */
interface Resume {
  readonly marks: FlowMarks;
  readonly after: number;
  readonly delta: number;
  /** Set to the index of the old mark where the scan stopped. */
  at: number;
}

/**
 * Scans `text` from `from` (a line start, or 0) at `depth`, adding a mark at a line start every
 * `MARK_EVERY` characters; the offset where nesting gets too deep, if it does.
 */
function scan(text: string, from: number, depth: number, offsets: number[], depths: number[], resume?: Resume): number | undefined {
  let nextMark = from;
  let next = 0;
  // Set when the character before `i` is a line break (`from` starts a line).
  let lineStart = true;
  for (let i = from; i < text.length; i++) {
    if (lineStart) {
      lineStart = false;
      if (resume && i >= resume.after) {
        // Back in step where the old scan stood at the same place and depth: the rest is the old scan.
        const old = resume.marks.offsets;
        while (next < old.length && old[next]! + resume.delta < i) next++;
        if (next < old.length && old[next]! + resume.delta === i && resume.marks.depths[next] === depth) {
          resume.at = next;
          return undefined;
        }
      }
      if (i >= nextMark) {
        offsets.push(i);
        depths.push(depth);
        nextMark = i + MARK_EVERY;
      }
    }
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) break;
      i = lineEnd;
      lineStart = true;
    } else if ((c === 34 /* " */ || c === 39) /* ' */ && (i === 0 || startsToken(text.charCodeAt(i - 1)))) {
      i = quoteEnd(text, i);
    } else if ((c === 91 /* [ */ || c === 123) /* { */ && opensCollection(text, i, depth > 0)) {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === 93 /* ] */ || c === 125) /* } */) {
      if (depth > 0) depth--;
    } else if (c === 10 /* \n */) lineStart = true;
  }
  return undefined;
}

/** True when a bracket at `at` starts a flow collection: after what may precede one, spaces and tabs aside. */
function opensCollection(text: string, at: number, inFlow: boolean): boolean {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0) return true;
  const before = text.charCodeAt(i);
  if (before === 10 || before === 13) return true;
  if (inFlow && (before === 91 || before === 123 || before === 44)) return true;
  // `key: [`, `- [`, `? [`: an indicator followed by a blank.
  return (before === 58 /* : */ || before === 45 /* - */ || before === 63) /* ? */ && i + 1 < at && (i === 0 || isBlank(text.charCodeAt(i - 1)) || before === 58);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Characters after which a quote opens a quoted scalar. */
function startsToken(code: number): boolean {
  return isBlank(code) || code === 91 || code === 123 || code === 44 /* , */ || code === 58 /* : */ || code === 45 /* - */;
}

/** The offset of the quote that closes the quoted scalar opened at `open` (the end of the text if none). */
function quoteEnd(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92 /* \ */) i++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return text.length;
}

