/** Engine findings and configuration problems as LSP diagnostics (offsets become positions). */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { changeBetween, ruleDocUrl, type ConfigProblem, type Finding, type Severity } from '../engine/index.js';
import { ruleMeta } from './rule-catalog.js';
import { currentLocale } from '../l10n/t.js';

export const SOURCE = 'kube-aegis';
/** The `code` of problems in a `.kube-aegis.yaml` (they belong to no rule). */
export const CONFIG_PROBLEM_CODE = 'config';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function rangeOf(document: TextDocument, span: { start: number; end: number }): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

// Code actions find a diagnostic's finding by its range and code, so it carries no `data`: a
// file can have a thousand diagnostics, and every one is sent again on every keystroke.
//
// A diagnostic is never changed once made: a document's next version reuses the diagnostics that
// read the same (`findingDiagnostics`), and the encoder keeps each one's JSON (message-encoder.ts).
export function findingDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return diagnosticAt(rangeOf(document, finding), finding);
}

function diagnosticAt(range: Range, finding: Finding): Diagnostic {
  const codeDescription = codeDescriptionOf(finding.ruleId);
  return {
    range,
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    ...(codeDescription ? { codeDescription } : {}),
    message: finding.message,
  };
}

/** How far ahead in the previous diagnostics a finding's match is looked for (findings that appeared or went away in between). */
const REUSE_WINDOW = 16;

/** A document's last diagnostics, with the text and the findings they were made from (in the same order). */
export interface DiagnosticsBefore {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The diagnostics of `findings`, in order, reusing those of `before` (the document's last ones)
 * that read the same, range included. An edit moves or changes few of a large file's findings, so
 * most of its diagnostics are the objects sent before, whose JSON is not written again.
 *
 * Where the text changed is found first: a finding before the change at the offsets of an earlier
 * one is where that one was; a finding after it, at the earlier offsets moved by the change's
 * length, is on the earlier line moved by the lines the change added, at the same character when
 * a line starts between the change and it. Neither is converted again (nor its range compared):
 * only the findings around the change are.
 */
export function findingDiagnostics(document: TextDocument, findings: readonly Finding[], before?: DiagnosticsBefore): Diagnostic[] {
  const out: Diagnostic[] = new Array(findings.length);
  const previous = before?.diagnostics ?? [];
  const shifts = before ? TextShift.between(before.text, document.getText()) : undefined;
  let next = 0;
  for (let f = 0; f < findings.length; f++) {
    const finding = findings[f]!;
    let reused: Diagnostic | undefined;
    const end = Math.min(previous.length, next + REUSE_WINDOW);
    if (shifts) {
      for (let i = next; i < end; i++) {
        const moved = shifts.moved(before!.findings[i]!, previous[i]!, finding);
        if (moved) {
          reused = moved;
          next = i + 1;
          break;
        }
      }
    }
    if (!reused) {
      const range = rangeOf(document, finding);
      for (let i = next; i < end; i++) {
        if (readsAs(previous[i]!, range, finding)) {
          reused = previous[i]!;
          next = i + 1;
          break;
        }
      }
      reused ??= diagnosticAt(range, finding);
    }
    out[f] = reused;
  }
  return out;
}

/** How an edit moved the positions of the text around it (lines as the document counts them: `\r\n`, `\r` or `\n`). */
class TextShift {
  private constructor(
    /** Offsets before this are where they were. */
    private readonly start: number,
    /** How far offsets after the change moved. */
    private readonly delta: number,
    private readonly lineDelta: number,
    /** An old offset from this one on is on a line that starts after the change (it keeps its character). */
    private readonly nextLineStart: number,
  ) {}

  static between(before: string, now: string): TextShift {
    const change = changeBetween(before, now);
    if (!change) return new TextShift(Infinity, 0, 0, Infinity);
    let { start, oldEnd, newEnd } = change;
    // A `\r\n` is one line break: the change takes in both of its characters or neither.
    if (start > 0 && before.charCodeAt(start - 1) === 13) start--;
    if (before.charCodeAt(oldEnd) === 10 && (before.charCodeAt(oldEnd - 1) === 13 || now.charCodeAt(newEnd - 1) === 13)) {
      oldEnd++;
      newEnd++;
    }
    const lineDelta = lineBreaks(now, start, newEnd) - lineBreaks(before, start, oldEnd);
    return new TextShift(start, newEnd - oldEnd, lineDelta, lineStartAfter(before, oldEnd));
  }

  /**
   * The diagnostic of `finding` when it is `earlier` (made into `diagnostic`) moved by the edit:
   * `diagnostic` itself, or a copy on other lines; undefined when it is not (or may not be).
   */
  moved(earlier: Finding, diagnostic: Diagnostic, finding: Finding): Diagnostic | undefined {
    if (earlier.ruleId !== finding.ruleId || earlier.message !== finding.message || earlier.severity !== finding.severity) return undefined;
    // Strictly before the change: a position next to it depends on the character on its other side.
    if (finding.end < this.start) return earlier.start === finding.start && earlier.end === finding.end ? diagnostic : undefined;
    if (earlier.start < this.nextLineStart || earlier.start + this.delta !== finding.start || earlier.end + this.delta !== finding.end) return undefined;
    if (this.lineDelta === 0) return diagnostic;
    const { start, end } = diagnostic.range;
    return { ...diagnostic, range: { start: { line: start.line + this.lineDelta, character: start.character }, end: { line: end.line + this.lineDelta, character: end.character } } };
  }
}

/** Line breaks in `[start, end)` of `text`. */
function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && !(i + 1 < end && text.charCodeAt(i + 1) === 10)) count++;
  }
  return count;
}

/** The start of the first line that starts after `from`; Infinity when none does. */
function lineStartAfter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return Infinity;
}

function readsAs(diagnostic: Diagnostic, range: Range, finding: Finding): boolean {
  return (
    diagnostic.code === finding.ruleId &&
    diagnostic.message === finding.message &&
    diagnostic.severity === SEVERITY[finding.severity] &&
    diagnostic.codeDescription === codeDescriptionOf(finding.ruleId) &&
    samePosition(diagnostic.range.start, range.start) &&
    samePosition(diagnostic.range.end, range.end)
  );
}

/** One link to each rule's page per language, shared by its diagnostics. */
const codeDescriptions = new Map<string, Map<string, { readonly href: string } | null>>();

function codeDescriptionOf(ruleId: string): { readonly href: string } | undefined {
  const locale = currentLocale();
  let ofLocale = codeDescriptions.get(locale);
  if (!ofLocale) {
    ofLocale = new Map();
    codeDescriptions.set(locale, ofLocale);
  }
  let found = ofLocale.get(ruleId);
  if (found === undefined) {
    found = ruleMeta(ruleId) ? { href: ruleDocUrl(ruleId, locale) } : null;
    ofLocale.set(ruleId, found);
  }
  return found ?? undefined;
}

/** What a configuration problem's quick fix writes instead of the text it points at. */
export interface ConfigProblemData {
  readonly suggestion: string;
}

/** The problems of a `.kube-aegis.yaml`, one per range (schema alternatives report several for one value: the first is shown). */
export function configDiagnostics(document: TextDocument, problems: readonly ConfigProblem[]): Diagnostic[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(`${p.start}:${p.end}`) && seen.add(`${p.start}:${p.end}`)).map((problem) => configProblemDiagnostic(document, problem));
}

function configProblemDiagnostic(document: TextDocument, problem: ConfigProblem): Diagnostic {
  return {
    range: rangeOf(document, problem),
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: CONFIG_PROBLEM_CODE,
    message: problem.message,
    ...(problem.suggestion ? { data: { suggestion: problem.suggestion } satisfies ConfigProblemData } : {}),
  };
}

/** True when the diagnostic (as sent back by a client) is ours and about `finding`. */
export function describesFinding(document: TextDocument, diagnostic: Diagnostic, finding: Finding): boolean {
  if (diagnostic.source !== SOURCE || diagnostic.code !== finding.ruleId) return false;
  const range = rangeOf(document, finding);
  return samePosition(range.start, diagnostic.range.start) && samePosition(range.end, diagnostic.range.end);
}

function samePosition(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}
