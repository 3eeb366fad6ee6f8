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
export function findingDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: rangeOf(document, finding),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    ...(ruleMeta(finding.ruleId) ? { codeDescription: { href: ruleDocUrl(finding.ruleId, currentLocale()) } } : {}),
    message: finding.message,
  };
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
