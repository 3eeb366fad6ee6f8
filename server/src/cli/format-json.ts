import type { FileReport } from './scan.js';

/** Machine-readable findings: 1-based lines and columns, plus 0-based offsets. */
export function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((report) => ({
    path: report.path,
    findings: report.findings.map((f) => {
      const start = report.lines.position(f.start);
      const end = report.lines.position(f.end);
      return {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        offset: f.start,
        endOffset: f.end,
        // Applied by --fix; other fixes (unsafe: --unsafe-fixes) are offered in the editor for a person to choose.
        fixable: f.fixes.some((x) => x.safe && !x.manual),
        suggestedFix: f.fixes.length > 0 && !f.fixes.some((x) => x.safe && !x.manual),
        ...(f.object ? { object: f.object } : {}),
      };
    }),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
