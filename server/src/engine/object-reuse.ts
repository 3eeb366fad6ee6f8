/**
 * The findings of the objects of a large document that an edit did not touch, kept for the next
 * version of the document: in a `kind: List` of hundreds of workloads (what `kubectl get -o yaml`
 * writes), an edit checks only the objects it changed instead of running every rule on every item.
 *
 * An object's findings depend on the text of its lines (from the start of its first line to the
 * end of its last), and on how the document writes edits: line ending, JSON or YAML, indentation
 * unit. They are reused only when both are the same, when the document has no aliases (an alias
 * elsewhere may point into the object, which changes what its fixes may edit), and when every
 * finding and fix edit lies within the object's lines. A fix built on demand holds the model it
 * was found in: an object with one is checked again, so that no old model outlives its version.
 */
import { shift, type Finding } from './analyze.js';
import { isLazyFix, type EditKit } from './edits.js';
import type { K8sObject } from './k8s.js';
import type { ParsedSection } from './parse.js';

/** Below this many objects, checking them all again costs less than matching them. */
export const MIN_OBJECTS_TO_REUSE = 8;

/** Where one object's findings are in its section's list. */
interface ObjectRun {
  readonly lineStart: number;
  readonly from: number;
  readonly to: number;
}

/** A section's objects whose findings may be reused, by the text of their lines. */
interface SectionRuns {
  readonly style: string;
  readonly findings: readonly Finding[];
  readonly byLines: Map<string, ObjectRun[]>;
}

/** The lines an object is written on: `[start, end)` of the section text, and their text. */
export interface ObjectLines {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What a fix's text depends on beyond the object it edits. */
function writingStyle(edits: EditKit): string {
  return `${edits.newline === '\r\n' ? 'crlf' : 'lf'} ${edits.json ? 'json' : `yaml ${edits.indentStep}`}`;
}

/** Keeps each checked section's reusable objects, by its findings list (shared by every copy of the section). */
export class ObjectFindingsReuse {
  private readonly sections = new WeakMap<readonly Finding[], SectionRuns>();

  /**
   * A check of the objects of `text`, a new version of the section whose findings were
   * `earlier` (if known). Undefined when the section has too few objects, or aliases.
   */
  begin(text: string, parsed: ParsedSection, objectCount: number, edits: EditKit, earlier: readonly Finding[] | undefined): SectionCheck | undefined {
    if (objectCount < MIN_OBJECTS_TO_REUSE || parsed.aliases) return undefined;
    const style = writingStyle(edits);
    const before = earlier && this.sections.get(earlier);
    return new SectionCheck(text, style, before?.style === style ? before : undefined, (runs) => this.sections.set(runs.findings, runs));
  }

  /**
   * A version of the section with a syntax error has no objects to check: the objects of the
   * version before it are passed on to the next version (typing often breaks the YAML for a
   * keystroke or two).
   */
  carry(earlier: readonly Finding[] | undefined, findings: readonly Finding[]): void {
    const runs = earlier && this.sections.get(earlier);
    if (runs) this.sections.set(findings, runs);
  }
}

/** One section's objects as they are checked: each is either reused or checked and recorded. */
export class SectionCheck {
  private readonly byLines = new Map<string, ObjectRun[]>();
  /** The earlier runs not matched yet, by lines (a copy: runs are taken from the front as matched). */
  private readonly unmatched = new Map<string, ObjectRun[]>();

  constructor(
    private readonly text: string,
    private readonly style: string,
    private readonly before: SectionRuns | undefined,
    private readonly keep: (runs: SectionRuns) => void,
  ) {}

  /** The lines `object` is written on in this version. */
  linesOf(object: K8sObject): ObjectLines {
    const { text } = this;
    const start = text.lastIndexOf('\n', object.node.start - 1) + 1;
    let { end } = object.node;
    if (end <= start || text[end - 1] !== '\n') {
      const newline = text.indexOf('\n', end);
      end = newline < 0 ? text.length : newline + 1;
    }
    return { start, end, text: text.slice(start, end) };
  }

  /**
   * Adds to `findings` those of the object on `lines` in the earlier version, at this version's
   * offsets, and keeps them for the next one. False when the object must be checked.
   */
  reuse(lines: ObjectLines, findings: Finding[]): boolean {
    const { before } = this;
    if (!before) return false;
    let runs = this.unmatched.get(lines.text);
    if (!runs) {
      const earlier = before.byLines.get(lines.text);
      if (!earlier) return false;
      runs = [...earlier];
      this.unmatched.set(lines.text, runs);
    }
    const run = runs.shift();
    if (!run) return false;
    const by = lines.start - run.lineStart;
    const from = findings.length;
    // Its fixes are never lazy (see `within`): moving them builds no edits.
    for (let i = run.from; i < run.to; i++) findings.push(by === 0 ? before.findings[i]! : shift(before.findings[i]!, by));
    this.keepRun(lines, from, findings.length);
    return true;
  }

  /** `findings[from, to)` were found on the object on `lines`: kept for the next version when they stay within its lines. */
  record(lines: ObjectLines, findings: readonly Finding[], from: number, to: number): void {
    for (let i = from; i < to; i++) if (!within(findings[i]!, lines.start, lines.end)) return;
    this.keepRun(lines, from, to);
  }

  private keepRun(lines: ObjectLines, from: number, to: number): void {
    const runs = this.byLines.get(lines.text);
    const run = { lineStart: lines.start, from, to };
    if (runs) runs.push(run);
    else this.byLines.set(lines.text, [run]);
  }

  /** The section was checked in full: its findings list names its runs for the next version. */
  end(findings: readonly Finding[]): void {
    this.keep({ style: this.style, findings, byLines: this.byLines });
  }
}

function within(finding: Finding, start: number, end: number): boolean {
  if (finding.start < start || finding.end > end) return false;
  for (const fix of finding.fixes) {
    if (isLazyFix(fix)) return false;
    for (const edit of fix.edits) if (edit.start < start || edit.end > end) return false;
  }
  return true;
}
