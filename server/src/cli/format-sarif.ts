/** SARIF 2.1.0 output, for code-scanning dashboards. Regions are 1-based, columns in UTF-16 units. */
import { sep } from 'node:path';
import type { Rule, Severity } from '../engine/index.js';
import type { FileReport } from './scan.js';
import { ruleDocUrl } from '../engine/rule.js';
import { currentLocale, translateText } from '../l10n/t.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The run's `language` (a SARIF language tag) for the CLI's locale. */
const SARIF_LANGUAGE = { en: 'en-US', 'zh-cn': 'zh-CN' } as const;

/** Results per piece of output: a scan with a million findings is written piece by piece, never held whole. */
const RESULTS_PER_CHUNK = 2000;

/**
 * The descriptions, help and messages are in the CLI's language (and `language` says which);
 * rule ids and `name`, which dashboards use as identifiers, stay English.
 */
export function formatSarif(reports: readonly FileReport[], rules: readonly Rule[], version: string): string {
  let out = '';
  for (const chunk of formatSarifChunks(reports, rules, version)) out += chunk;
  return out;
}

/**
 * The text of `formatSarif` in pieces: the same text as `JSON.stringify` of the whole log with
 * two-space indentation. Everything but the results is written by `JSON.stringify`; the results
 * are written out field by field after it, since a scan may have a million of them.
 */
export function* formatSarifChunks(reports: readonly FileReport[], rules: readonly Rule[], version: string): Generator<string> {
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
        // The last property of the run: the results are written in its place.
        results: [],
      },
    ],
  };
  const head = `${JSON.stringify(sarif, null, 2)}\n`;
  // The key as written, not inside a string (where its quotes would be escaped).
  const at = head.lastIndexOf(EMPTY_RESULTS);
  const tail = head.slice(at + EMPTY_RESULTS.length);
  if (!reports.some((report) => report.findings.length > 0)) {
    yield head;
    return;
  }
  let chunk = `${head.slice(0, at)}"results": [`;
  let written = 0;
  for (let artifact = 0; artifact < reports.length; artifact++) {
    const report = reports[artifact]!;
    const location = `"artifactLocation": {\n${INDENT_18}"uri": ${JSON.stringify(toUri(report.path))},\n${INDENT_18}"index": ${artifact}\n${INDENT_16}}`;
    for (const f of report.findings) {
      const start = report.lines.position(f.start);
      const end = report.lines.position(Math.max(f.end, f.start));
      const ruleIndex = index.get(f.ruleId);
      chunk += `${written === 0 ? '\n' : ',\n'}        {
          "ruleId": ${JSON.stringify(f.ruleId)},${ruleIndex === undefined ? '' : `\n          "ruleIndex": ${ruleIndex},`}
          "level": "${LEVEL[f.severity]}",
          "message": {
            "text": ${JSON.stringify(f.message)}
          },
          "locations": [
            {
              "physicalLocation": {
                ${location},
                "region": {
                  "startLine": ${start.line + 1},
                  "startColumn": ${start.character + 1},
                  "endLine": ${end.line + 1},
                  "endColumn": ${end.character + 1}
                }
              }
            }
          ]
        }`;
      if (++written % RESULTS_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}\n      ]${tail}`;
}

const EMPTY_RESULTS = '"results": []';
const INDENT_16 = ' '.repeat(16);
const INDENT_18 = ' '.repeat(18);

/** A relative URI for a path: `\` separates folders only where it does (Windows); elsewhere it is part of a name. */
function toUri(path: string): string {
  return (sep === '\\' ? path.split(/[\\/]/) : path.split('/')).map(encodeURIComponent).join('/');
}
