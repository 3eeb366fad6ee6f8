import type { Severity } from '../engine/index.js';
import type { FileReport } from './scan.js';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Human output, one block per file: `line:column  severity  message  rule-id`. */
export function formatStylish(reports: readonly FileReport[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const fixable = { count: 0 };
  let out = '';
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    out += `\n${paint('\x1b[4m', report.path)}\n`;
    const rows = report.findings.map((f) => {
      const { line, character } = report.lines.position(f.start);
      counts[f.severity]++;
      if (f.fixes.some((x) => x.safe)) fixable.count++;
      return { where: `${line + 1}:${character + 1}`, f };
    });
    const width = Math.max(...rows.map((r) => r.where.length));
    for (const { where, f } of rows) {
      out += `  ${paint(DIM, where.padEnd(width))}  ${paint(COLORS[f.severity], f.severity.padEnd(7))}  ${f.message}  ${paint(DIM, f.ruleId)}\n`;
    }
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return `No problems found in ${reports.length} file${reports.length === 1 ? '' : 's'}.\n`;
  out += `\n${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info) in ${reports.length} file${reports.length === 1 ? '' : 's'}`;
  out += fixable.count ? `; ${fixable.count} fixable with --fix.\n` : '.\n';
  return out;
}
