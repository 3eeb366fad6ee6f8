import type { Severity, WorkloadSecurityLevel } from '../engine/index.js';
import type { FileReport } from './scan.js';
import { padToColumns, painter } from './terminal.js';
import { levelName, severityName } from '../l10n/names.js';
import { t } from '../l10n/t.js';

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
        label = paint(f.severity, padToColumns(severityName(f.severity), 7));
        text = `${f.message}  ${paint('dim', f.ruleId)}`;
      } else {
        label = paint('dim', padToColumns(t('level'), 7));
        text = describeLevel(workloads[row - findings.length]!);
      }
      out.push(`  ${paint('dim', where[i]!.padEnd(width))}  ${label}  ${text}\n`);
    }
  }
  const total = counts.error + counts.warning + counts.info;
  const files = reports.length === 1 ? t('1 file') : t('{0} files', reports.length);
  if (total === 0) return `${t('No problems found in {0}.', files)}\n`;
  const summary = t(
    '{0} ({1}, {2}, {3}) in {4}',
    total === 1 ? t('1 problem') : t('{0} problems', total),
    counts.error === 1 ? t('1 error') : t('{0} errors', counts.error),
    counts.warning === 1 ? t('1 warning') : t('{0} warnings', counts.warning),
    t('{0} info', counts.info),
    files,
  );
  const fixes = [
    ...(fixable.count ? [t('{0} fixable with --fix', fixable.count)] : []),
    ...(fixable.unsafe ? [t('{0} more with --fix --unsafe-fixes (review them)', fixable.unsafe)] : []),
  ];
  return `${out.join('')}\n${fixes.length ? t('{0}; {1}.', summary, fixes.reduce((list, fix) => t('{0}, {1}', list, fix))) : t('{0}.', summary)}\n`;
}

/** `Deployment web: Pod Security baseline (2 findings stand in the way of restricted)`. */
function describeLevel(workload: WorkloadSecurityLevel): string {
  const name = workload.object.name ? `${workload.object.kind} ${workload.object.name}` : workload.object.kind;
  const count = workload.blockers.length;
  if (!workload.next) return t('{0}: Pod Security {1}', name, levelName(workload.level));
  return count === 1
    ? t('{0}: Pod Security {1} (1 finding stands in the way of {2})', name, levelName(workload.level), levelName(workload.next))
    : t('{0}: Pod Security {1} ({2} findings stand in the way of {3})', name, levelName(workload.level), count, levelName(workload.next));
}
