import type { Severity, WorkloadSecurityLevel } from '../engine/index.js';
import type { FileReport } from './scan.js';
import { padToColumns, painter, type Style } from './terminal.js';
import { levelName, severityName } from '../l10n/names.js';
import { t } from '../l10n/t.js';

/** Lines per piece of output: a scan with a million findings is written piece by piece, never held whole. */
const LINES_PER_CHUNK = 2000;

/** Human output, one block per file: `line:column  severity  message  rule-id`. */
export function formatStylish(reports: readonly FileReport[], color: boolean): string {
  let out = '';
  for (const chunk of formatStylishChunks(reports, color)) out += chunk;
  return out;
}

/** The text of `formatStylish` in pieces of a few hundred kilobytes at most. */
export function* formatStylishChunks(reports: readonly FileReport[], color: boolean): Generator<string> {
  const files = reports.length === 1 ? t('1 file') : t('{0} files', reports.length);
  // Without findings the report is one sentence: the Pod Security levels are not printed either.
  if (!reports.some((report) => report.findings.length > 0)) {
    yield `${t('No problems found in {0}.', files)}\n`;
    return;
  }
  const paint = painter(color);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const fixable = { count: 0, unsafe: 0 };
  // Written once per severity and rule, not once per line.
  const labels = new Map<Severity, string>();
  const ruleIds = new Map<string, string>();
  const levelLabel = paint('dim', padToColumns(t('level'), 7));
  let chunk = '';
  let lines = 0;
  for (const report of reports) {
    const workloads = report.workloads ?? [];
    const { findings } = report;
    if (findings.length === 0 && workloads.length === 0) continue;
    chunk += `\n${paint('underline', report.path)}\n`;
    // Rows 0..n-1 are the findings, then each workload's Pod Security level, on the line where the workload starts.
    const rowCount = findings.length + workloads.length;
    const at = (row: number) => (row < findings.length ? findings[row]!.start : workloads[row - findings.length]!.range.start);
    const order = Array.from({ length: rowCount }, (_, row) => row).sort((a, b) => at(a) - at(b) || a - b);
    // The widest `line:column` first; each is written again when its line is (not held for a million rows).
    let width = 0;
    for (const row of order) {
      const { line, character } = report.lines.position(at(row));
      width = Math.max(width, digits(line + 1) + 1 + digits(character + 1));
    }
    for (let i = 0; i < order.length; i++) {
      const row = order[i]!;
      let label: string;
      let text: string;
      if (row < findings.length) {
        const f = findings[row]!;
        counts[f.severity]++;
        if (f.fixes.some((x) => x.safe && !x.manual)) fixable.count++;
        else if (f.fixes.some((x) => !x.manual)) fixable.unsafe++;
        label = labels.get(f.severity) ?? labelOf(labels, f.severity, paint);
        let ruleId = ruleIds.get(f.ruleId);
        if (ruleId === undefined) ruleIds.set(f.ruleId, (ruleId = paint('dim', f.ruleId)));
        text = `${f.message}  ${ruleId}`;
      } else {
        label = levelLabel;
        text = describeLevel(workloads[row - findings.length]!);
      }
      const { line, character } = report.lines.position(at(row));
      chunk += `  ${paint('dim', `${line + 1}:${character + 1}`.padEnd(width))}  ${label}  ${text}\n`;
      if (++lines % LINES_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
  }
  const total = counts.error + counts.warning + counts.info;
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
  yield `${chunk}\n${fixes.length ? t('{0}; {1}.', summary, fixes.reduce((list, fix) => t('{0}, {1}', list, fix))) : t('{0}.', summary)}\n`;
}

function digits(n: number): number {
  return String(n).length;
}

function labelOf(labels: Map<Severity, string>, severity: Severity, paint: (style: Style, text: string) => string): string {
  const label = paint(severity, padToColumns(severityName(severity), 7));
  labels.set(severity, label);
  return label;
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
