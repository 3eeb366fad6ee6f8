/** Engine findings and configuration problems as LSP diagnostics (offsets become positions). */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl, type ConfigProblem, type Finding, type Severity } from '../engine/index.js';
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

/**
 * The diagnostics of `findings`, in order, reusing those of `previous` (the document's last ones)
 * that read the same, range included. An edit moves or changes few of a large file's findings, so
 * most of its diagnostics are the objects sent before, whose JSON is not written again.
 */
export function findingDiagnostics(document: TextDocument, findings: Iterable<Finding>, previous: readonly Diagnostic[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  let next = 0;
  for (const finding of findings) {
    const range = rangeOf(document, finding);
    let reused: Diagnostic | undefined;
    const end = Math.min(previous.length, next + REUSE_WINDOW);
    for (let i = next; i < end; i++) {
      if (readsAs(previous[i]!, range, finding)) {
        reused = previous[i]!;
        next = i + 1;
        break;
      }
    }
    out.push(reused ?? diagnosticAt(range, finding));
  }
  return out;
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
