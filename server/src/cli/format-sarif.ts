/** SARIF 2.1.0 output, for code-scanning dashboards. Regions are 1-based, columns in UTF-16 units. */
import { sep } from 'node:path';
import type { Rule, Severity } from '../engine/index.js';
import type { FileReport } from './scan.js';
import { ruleDocUrl } from '../engine/rule.js';
import { currentLocale, translateText } from '../l10n/t.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The run's `language` (a SARIF language tag) for the CLI's locale. */
const SARIF_LANGUAGE = { en: 'en-US', 'zh-cn': 'zh-CN' } as const;

/**
 * The descriptions, help and messages are in the CLI's language (and `language` says which);
 * rule ids and `name`, which dashboards use as identifiers, stay English.
 */
export function formatSarif(reports: readonly FileReport[], rules: readonly Rule[], version: string): string {
  const locale = currentLocale();
  const index = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-aegis',
            version,
            informationUri: 'https://github.com/kube-aegis/kube-aegis',
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.title,
              shortDescription: { text: translateText(rule.meta.title) },
              fullDescription: { text: translateText(rule.meta.rationale) },
              help: { text: translateText(rule.meta.remediation), markdown: translateText(rule.meta.remediation) },
              helpUri: ruleDocUrl(rule.meta.id, locale),
              defaultConfiguration: { level: LEVEL[rule.meta.severity], enabled: !rule.meta.disabledByDefault },
              properties: {
                tags: ['security', 'kubernetes', rule.meta.category],
                ...(rule.meta.pss ? { podSecurityStandard: `${rule.meta.pss.level}: ${rule.meta.pss.control}` } : {}),
              },
            })),
          },
        },
        language: SARIF_LANGUAGE[locale],
        columnKind: 'utf16CodeUnits',
        artifacts: reports.map((r) => ({ location: { uri: toUri(r.path) } })),
        results: reports.flatMap((report, artifactIndex) =>
          report.findings.map((f) => {
            const start = report.lines.position(f.start);
            const end = report.lines.position(Math.max(f.end, f.start));
            return {
              ruleId: f.ruleId,
              ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
              level: LEVEL[f.severity],
              message: { text: f.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: toUri(report.path), index: artifactIndex },
                    region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A relative URI for a path: `\` separates folders only where it does (Windows); elsewhere it is part of a name. */
function toUri(path: string): string {
  return (sep === '\\' ? path.split(/[\\/]/) : path.split('/')).map(encodeURIComponent).join('/');
}
