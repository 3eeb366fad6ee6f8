import type { Severity, WorkloadSecurityLevel } from '../engine/index.js';
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
    const workloads = report.workloads ?? [];
    if (report.findings.length === 0 && workloads.length === 0) continue;
    out += `\n${paint('\x1b[4m', report.path)}\n`;
    const rows = report.findings.map((f) => {
      counts[f.severity]++;
      if (f.fixes.some((x) => x.safe)) fixable.count++;
      return { at: f.start, label: paint(COLORS[f.severity], f.severity.padEnd(7)), text: `${f.message}  ${paint(DIM, f.ruleId)}` };
    });
    // Each workload's Pod Security level, on the line where the workload starts.
    // Loops, not spreads: a file may hold a million findings, more arguments than a call takes.
    for (const w of workloads) rows.push({ at: w.range.start, label: paint(DIM, 'level'.padEnd(7)), text: describeLevel(w) });
    rows.sort((a, b) => a.at - b.at);
    const placed = rows.map((row) => {
      const { line, character } = report.lines.position(row.at);
      return { ...row, where: `${line + 1}:${character + 1}` };
    });
    let width = 0;
    for (const row of placed) width = Math.max(width, row.where.length);
    for (const { where, label, text } of placed) out += `  ${paint(DIM, where.padEnd(width))}  ${label}  ${text}\n`;
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return `No problems found in ${reports.length} file${reports.length === 1 ? '' : 's'}.\n`;
  out += `\n${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info) in ${reports.length} file${reports.length === 1 ? '' : 's'}`;
  out += fixable.count ? `; ${fixable.count} fixable with --fix.\n` : '.\n';
  return out;
}

/** `Deployment web: Pod Security baseline (2 findings stand in the way of restricted)`. */
function describeLevel(workload: WorkloadSecurityLevel): string {
  const name = workload.object.name ? `${workload.object.kind} ${workload.object.name}` : workload.object.kind;
  const count = workload.blockers.length;
  const blockers = workload.next ? ` (${count} finding${count === 1 ? ' stands' : 's stand'} in the way of ${workload.next})` : '';
  return `${name}: Pod Security ${workload.level}${blockers}`;
}
