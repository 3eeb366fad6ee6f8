import type { Severity, WorkloadSecurityLevel } from '../engine/index.js';
import type { FileReport } from './scan.js';
import { painter } from './terminal.js';

/** Human output, one block per file: `line:column  severity  message  rule-id`. */
export function formatStylish(reports: readonly FileReport[], color: boolean): string {
  const paint = painter(color);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const fixable = { count: 0, unsafe: 0 };
  // Lines are collected and joined once, with few objects per row: a file may hold a million findings.
  const out: string[] = [];
  for (const report of reports) {
    const workloads = report.workloads ?? [];
    const { findings } = report;
    if (findings.length === 0 && workloads.length === 0) continue;
    out.push(`\n${paint('underline', report.path)}\n`);
    // Rows 0..n-1 are the findings, then each workload's Pod Security level, on the line where the workload starts.
    const rowCount = findings.length + workloads.length;
    const at = (row: number) => (row < findings.length ? findings[row]!.start : workloads[row - findings.length]!.range.start);
    const order = Array.from({ length: rowCount }, (_, row) => row).sort((a, b) => at(a) - at(b) || a - b);
    const where = order.map((row) => {
      const { line, character } = report.lines.position(at(row));
      return `${line + 1}:${character + 1}`;
    });
    let width = 0;
    for (const text of where) width = Math.max(width, text.length);
    for (let i = 0; i < order.length; i++) {
      const row = order[i]!;
      let label: string;
      let text: string;
      if (row < findings.length) {
        const f = findings[row]!;
        counts[f.severity]++;
        if (f.fixes.some((x) => x.safe && !x.manual)) fixable.count++;
        else if (f.fixes.some((x) => !x.manual)) fixable.unsafe++;
        label = paint(f.severity, f.severity.padEnd(7));
        text = `${f.message}  ${paint('dim', f.ruleId)}`;
      } else {
        label = paint('dim', 'level'.padEnd(7));
        text = describeLevel(workloads[row - findings.length]!);
      }
      out.push(`  ${paint('dim', where[i]!.padEnd(width))}  ${label}  ${text}\n`);
    }
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return `No problems found in ${reports.length} file${reports.length === 1 ? '' : 's'}.\n`;
  let summary = `\n${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info) in ${reports.length} file${reports.length === 1 ? '' : 's'}`;
  const fixes = [
    ...(fixable.count ? [`${fixable.count} fixable with --fix`] : []),
    ...(fixable.unsafe ? [`${fixable.unsafe} more with --fix --unsafe-fixes (review them)`] : []),
  ];
  summary += fixes.length ? `; ${fixes.join(', ')}.\n` : '.\n';
  return out.join('') + summary;
}

/** `Deployment web: Pod Security baseline (2 findings stand in the way of restricted)`. */
function describeLevel(workload: WorkloadSecurityLevel): string {
  const name = workload.object.name ? `${workload.object.kind} ${workload.object.name}` : workload.object.kind;
  const count = workload.blockers.length;
  const blockers = workload.next ? ` (${count} finding${count === 1 ? ' stands' : 's stand'} in the way of ${workload.next})` : '';
  return `${name}: Pod Security ${workload.level}${blockers}`;
}
