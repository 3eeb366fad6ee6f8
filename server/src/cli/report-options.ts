/**
 * The scan options that shape the report rather than the analysis, as ESLint has them:
 * `--quiet`, `--max-warnings N` and `--stdin-filename NAME`.
 */
import type { FileReport } from './scan.js';
import { UsageError } from './usage-error.js';
import { t } from '../l10n/t.js';

/** For node:util parseArgs. */
export const REPORT_OPTIONS = {
  quiet: { type: 'boolean', short: 'q', default: false },
  'max-warnings': { type: 'string' },
  'stdin-filename': { type: 'string' },
} as const;

export function reportUsage(): string {
  return t(`  -q, --quiet                   report errors only (warnings and infos are dropped)
  --max-warnings N              exit 1 when more than N warnings are found
  --stdin-filename NAME         the name standard input ("-") stands for: its
                                .kube-aegis.yaml is looked up from NAME, findings
                                are reported under NAME, and NAME.jsonl is ABAC
`);
}

export interface ReportOptions {
  readonly quiet: boolean;
  readonly maxWarnings?: number;
  readonly stdinFilename?: string;
}

export function reportOptionsOf(values: { quiet?: boolean; 'max-warnings'?: string; 'stdin-filename'?: string }): ReportOptions {
  const max = values['max-warnings'];
  if (max !== undefined && !/^\d+$/.test(max)) throw new UsageError(t('--max-warnings must be a whole number, 0 or more (got "{0}")', max));
  if (values['stdin-filename'] === '') throw new UsageError(t('--stdin-filename must not be empty'));
  return {
    quiet: values.quiet === true,
    ...(max !== undefined ? { maxWarnings: Number(max) } : {}),
    ...(values['stdin-filename'] !== undefined ? { stdinFilename: values['stdin-filename'] } : {}),
  };
}

/** Under `--quiet`, only the errors: warnings, infos and the Pod Security level lines go. */
export function reportedOf(reports: readonly FileReport[], options: ReportOptions): FileReport[] {
  if (!options.quiet) return [...reports];
  return reports.map((report) => ({ ...report, findings: report.findings.filter((f) => f.severity === 'error'), workloads: [] }));
}

/** True when `--max-warnings N` is given and more than N warnings were reported. */
export function tooManyWarnings(reports: readonly FileReport[], options: ReportOptions): boolean {
  if (options.maxWarnings === undefined) return false;
  const warnings = reports.reduce((sum, r) => sum + r.findings.filter((f) => f.severity === 'warning').length, 0);
  return warnings > options.maxWarnings;
}
