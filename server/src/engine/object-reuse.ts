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

/** The lines an object is written on: `[start, end)` of the section text. */
function linesOf(text: string, object: K8sObject): { start: number; end: number } {
  const start = text.lastIndexOf('\n', object.node.start - 1) + 1;
  const { end } = object.node;
  if (end > start && text[end - 1] === '\n') return { start, end };
  const newline = text.indexOf('\n', end);
  return { start, end: newline < 0 ? text.length : newline + 1 };
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

  /** The findings of `object` from the earlier version, at this version's offsets; undefined when it must be checked. */
  reused(object: K8sObject): Finding[] | undefined {
    const { before } = this;
    if (!before) return undefined;
    const lines = linesOf(this.text, object);
    const key = this.text.slice(lines.start, lines.end);
    let runs = this.unmatched.get(key);
    if (!runs) {
      const earlier = before.byLines.get(key);
      if (!earlier) return undefined;
      runs = [...earlier];
      this.unmatched.set(key, runs);
    }
    const run = runs.shift();
    if (!run) return undefined;
    const by = lines.start - run.lineStart;
    const out: Finding[] = [];
    // Its fixes are never lazy (see `within`): moving them builds no edits.
    for (let i = run.from; i < run.to; i++) out.push(by === 0 ? before.findings[i]! : shift(before.findings[i]!, by));
    return out;
  }

  /** `findings[from, to)` were found on `object`: kept for the next version when they stay within its lines. */
  record(object: K8sObject, findings: readonly Finding[], from: number, to: number): void {
    const lines = linesOf(this.text, object);
    for (let i = from; i < to; i++) if (!within(findings[i]!, lines.start, lines.end)) return;
    const key = this.text.slice(lines.start, lines.end);
    const runs = this.byLines.get(key);
    const run = { lineStart: lines.start, from, to };
    if (runs) runs.push(run);
    else this.byLines.set(key, [run]);
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
