/**
 * Result ids for pulled diagnostics. A client that pulls asks again for every open document
 * whenever any of them changes (our diagnostics depend on other files), and again on every
 * keystroke in the document being edited. When the diagnostics are what the client already holds,
 * the answer is `unchanged` with the same id instead of every diagnostic again (a large manifest
 * has hundreds of them).
 */
import { randomBytes } from 'node:crypto';
import { DocumentDiagnosticReportKind, type Diagnostic, type DocumentDiagnosticReport } from 'vscode-languageserver/node';

interface Sent {
  readonly resultId: string;
  readonly diagnostics: readonly Diagnostic[];
}

export class PullResults {
  /** Ids of another server process (before a restart) never match ours. */
  private readonly session = randomBytes(4).toString('hex');
  private counter = 0;
  private readonly sent = new Map<string, Sent>();

  /** The report for `uri`'s current diagnostics, given the id of the result the client holds. */
  report(uri: string, diagnostics: Diagnostic[], previousResultId: string | undefined): DocumentDiagnosticReport {
    const last = this.sent.get(uri);
    if (last && sameDiagnostics(last.diagnostics, diagnostics)) {
      if (previousResultId === last.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId: last.resultId, items: diagnostics };
    }
    const resultId = `${this.session}-${++this.counter}`;
    this.sent.set(uri, { resultId, diagnostics });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnostics };
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}

/** Equal as the client shows them: same ranges, severities, codes, sources, links and messages, in order. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // A diagnostic is never changed once made, and a document's unchanged ones are reused.
    if (x === y) continue;
    if (
      x.range.start.line !== y.range.start.line ||
      x.range.start.character !== y.range.start.character ||
      x.range.end.line !== y.range.end.line ||
      x.range.end.character !== y.range.end.character ||
      x.severity !== y.severity ||
      x.code !== y.code ||
      x.source !== y.source ||
      x.message !== y.message ||
      x.codeDescription?.href !== y.codeDescription?.href
    ) {
      return false;
    }
  }
  return true;
}
