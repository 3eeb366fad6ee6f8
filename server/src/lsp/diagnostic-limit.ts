/**
 * At most a set number of a document's findings become diagnostics. A generated file of thousands
 * of objects can hold hundreds of thousands of findings: converting, sending and showing them all
 * would cost seconds on every edit, and the Problems panel is no place to read them. Errors come
 * first, then warnings, then information, so that no error hides behind the others; a notice at
 * the top of the file says how many are not shown and where to read them all (`kube-aegis scan`).
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/index.js';
import { t } from '../l10n/t.js';
import { SOURCE } from './diagnostics.js';

/** The `code` of the notice (it belongs to no rule). */
export const LIMIT_NOTICE_CODE = 'max-problems';

const BY_PRIORITY: readonly Severity[] = ['error', 'warning', 'info'];

/** The findings to show, in the order given: all of them when there are at most `limit`. */
export function shownFindings(findings: readonly Finding[], limit: number): readonly Finding[] {
  if (findings.length <= limit) return findings;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  // How many of each severity fit, the more severe first.
  const room: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let left = limit;
  for (const severity of BY_PRIORITY) {
    room[severity] = Math.min(counts[severity], left);
    left -= room[severity];
  }
  const shown: Finding[] = [];
  for (const finding of findings) {
    if (room[finding.severity] > 0) {
      room[finding.severity]--;
      shown.push(finding);
    }
  }
  return shown;
}

/** The notice of findings left out, on the file's first character. */
export function limitNotice(shown: number, total: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: LIMIT_NOTICE_CODE,
    message: t(
      'This file has {0} findings; the {1} most severe are shown (setting kubeAegis.maxProblemsPerFile). `kube-aegis scan` lists them all.',
      total,
      shown,
    ),
  };
}

/** The diagnostics of `findings`, at most `limit` of them and then the notice first. */
export function limitedDiagnostics(findings: readonly Finding[], limit: number, diagnosticOf: (finding: Finding) => Diagnostic): Diagnostic[] {
  const shown = shownFindings(findings, limit);
  const diagnostics = shown.map(diagnosticOf);
  return shown.length < findings.length ? [limitNotice(shown.length, findings.length), ...diagnostics] : diagnostics;
}
