/**
 * Agreement with other linters' own test fixtures (test/agreement/): runs the engine on each
 * fixture that `verdicts.tsv` lists and compares its verdict with the one the other project's
 * tests expect, on the checks both make. `npm run generate` writes docs/accuracy.md from the
 * result; test/agreement/agreement.test.ts holds the figures to their floor.
 *
 * A row of verdicts.tsv: tool, fixture (under test/agreement/<tool>/), object (`*`: the whole
 * file; `Kind/name`, or `Kind/name#n` for the n-th object of that kind and name), their check,
 * their expected verdict (`fail`: the check reports it; `pass`: it does not), our rule ids
 * (`a|b`: a finding of either counts), and, where the verdicts differ by design, `rule: phrase`
 * naming the rule whose `differences` metadata explains it and a phrase of that explanation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSet, DEFAULT_CONFIG, mergeConfig, type AnalysedSection, type Finding, type Rule } from '../server/src/engine/index.js';

export const AGREEMENT_DIR = join(__dirname, '..', 'test', 'agreement');
/** The least share of verdicts, documented differences left out, that must agree. */
export const AGREEMENT_FLOOR = 0.99;

export type Verdict = 'pass' | 'fail';

export interface VerdictRow {
  readonly line: number;
  readonly tool: string;
  readonly fixture: string;
  readonly object: string;
  readonly check: string;
  readonly expected: Verdict;
  readonly rules: readonly string[];
  readonly difference?: { readonly rule: string; readonly phrase: string };
}

export type Outcome =
  /** Same verdict. */
  | 'agree'
  /** Different verdict, explained by the rule's `differences` text. */
  | 'documented'
  /** Different verdict and no explanation: a bug, or a difference still to write down. */
  | 'undocumented'
  /** Same verdict although the row says they differ: the row is out of date. */
  | 'stale'
  /** The row names a difference that the rule's metadata does not hold. */
  | 'unexplained';

export interface RowResult {
  readonly row: VerdictRow;
  readonly actual: Verdict;
  readonly outcome: Outcome;
}

export interface ToolFigures {
  readonly tool: string;
  readonly verdicts: number;
  readonly agree: number;
  readonly documented: number;
}

export interface AgreementResult {
  readonly rows: readonly RowResult[];
  readonly tools: readonly ToolFigures[];
  readonly verdicts: number;
  readonly agree: number;
  readonly documented: number;
  /** Agreeing verdicts over all verdicts. */
  readonly raw: number;
  /** Agreeing verdicts over the verdicts that are not documented differences. */
  readonly excludingDocumented: number;
  /** Documented differences per rule id, most first. */
  readonly differencesByRule: ReadonlyArray<readonly [string, number]>;
}

export function readVerdicts(dir: string = AGREEMENT_DIR): VerdictRow[] {
  const [header, ...lines] = readFileSync(join(dir, 'verdicts.tsv'), 'utf8').split('\n');
  const columns = header!.split('\t');
  const expectedColumns = ['tool', 'fixture', 'object', 'check', 'expected', 'rule', 'difference'];
  if (columns.join('\t') !== expectedColumns.join('\t')) throw new Error(`verdicts.tsv: the columns must be ${expectedColumns.join(', ')}`);
  const rows: VerdictRow[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const [tool, fixture, object, check, expected, rule, difference] = text.split('\t');
    const line = index + 2;
    if (!tool || !fixture || !object || !check || !rule || (expected !== 'pass' && expected !== 'fail')) throw new Error(`verdicts.tsv:${line}: incomplete row`);
    let explained: VerdictRow['difference'];
    if (difference) {
      const colon = difference.indexOf(': ');
      if (colon <= 0) throw new Error(`verdicts.tsv:${line}: a difference is written "rule-id: phrase"`);
      explained = { rule: difference.slice(0, colon), phrase: difference.slice(colon + 2) };
    }
    rows.push({ line, tool, fixture, object, check, expected, rules: rule.split('|'), ...(explained ? { difference: explained } : {}) });
  });
  return rows;
}

/** Every rule switched on at its own severity: the comparison is with each rule, not with a profile. */
function allRulesConfig(rules: readonly Rule[]) {
  return mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.severity])) });
}

/** The label of each object of a file, in order (`Kind/name`, with `#n` counted for each label). */
interface LabelledObject {
  readonly label: string;
  /** The label with its occurrence number, always. */
  readonly numbered: string;
  readonly section: AnalysedSection;
  readonly name: string | undefined;
}

function objectsOf(sections: readonly AnalysedSection[]): LabelledObject[] {
  const seen = new Map<string, number>();
  const out: LabelledObject[] = [];
  for (const section of sections) {
    for (const object of section.objects) {
      const label = `${object.kind}/${object.name ?? ''}`;
      const count = (seen.get(label) ?? 0) + 1;
      seen.set(label, count);
      out.push({ label, numbered: `${label}#${count}`, section, name: object.name });
    }
  }
  return out;
}

/** The object a finding belongs to: the one of its `---` section (by name when a List holds several). */
function ownerOf(finding: Finding, objects: readonly LabelledObject[]): LabelledObject | undefined {
  const candidates = objects.filter((o) => finding.start >= o.section.start && finding.start <= o.section.start + o.section.text.length);
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((o) => o.name === finding.object?.name && o.label.startsWith(`${finding.object?.kind}/`)) ?? candidates[0];
}

function verdictOf(row: VerdictRow, findings: readonly Finding[], objects: readonly LabelledObject[]): Verdict {
  const relevant = findings.filter((f) => row.rules.includes(f.ruleId));
  if (row.object === '*') return relevant.length > 0 ? 'fail' : 'pass';
  const target = objects.find((o) => o.numbered === row.object) ?? objects.find((o) => o.label === row.object);
  if (!target) throw new Error(`verdicts.tsv:${row.line}: ${row.tool}/${row.fixture} has no object ${row.object}`);
  return relevant.some((f) => ownerOf(f, objects) === target) ? 'fail' : 'pass';
}

export function measureAgreement(rules: readonly Rule[], dir: string = AGREEMENT_DIR): AgreementResult {
  const config = allRulesConfig(rules);
  const differences = new Map(rules.map((rule) => [rule.meta.id, rule.meta.differences ?? []]));
  const analyses = new Map<string, { findings: readonly Finding[]; objects: LabelledObject[] }>();
  const results: RowResult[] = [];
  for (const row of readVerdicts(dir)) {
    for (const id of row.rules) if (!differences.has(id)) throw new Error(`verdicts.tsv:${row.line}: no rule ${id}`);
    const path = join(row.tool, row.fixture);
    let analysis = analyses.get(path);
    if (!analysis) {
      const text = readFileSync(join(dir, path), 'utf8');
      const result = analyzeSet([{ key: path, text, config }], rules).get(path)!;
      analysis = { findings: result.findings, objects: objectsOf(result.analysis.sections) };
      analyses.set(path, analysis);
    }
    const actual = verdictOf(row, analysis.findings, analysis.objects);
    let outcome: Outcome;
    if (row.difference) {
      const explained = (differences.get(row.difference.rule) ?? []).some((text) => text.includes(row.difference!.phrase));
      outcome = !explained ? 'unexplained' : actual === row.expected ? 'stale' : 'documented';
    } else {
      outcome = actual === row.expected ? 'agree' : 'undocumented';
    }
    results.push({ row, actual, outcome });
  }
  return summarize(results);
}

function summarize(rows: readonly RowResult[]): AgreementResult {
  const count = (list: readonly RowResult[], outcome: Outcome) => list.filter((r) => r.outcome === outcome).length;
  const toolNames = [...new Set(rows.map((r) => r.row.tool))];
  const tools = toolNames.map((tool) => {
    const own = rows.filter((r) => r.row.tool === tool);
    return { tool, verdicts: own.length, agree: count(own, 'agree') + count(own, 'stale'), documented: count(own, 'documented') };
  });
  const agree = tools.reduce((sum, t) => sum + t.agree, 0);
  const documented = tools.reduce((sum, t) => sum + t.documented, 0);
  const byRule = new Map<string, number>();
  for (const r of rows) if (r.outcome === 'documented') byRule.set(r.row.difference!.rule, (byRule.get(r.row.difference!.rule) ?? 0) + 1);
  return {
    rows,
    tools,
    verdicts: rows.length,
    agree,
    documented,
    raw: rows.length ? agree / rows.length : 0,
    excludingDocumented: rows.length - documented ? agree / (rows.length - documented) : 0,
    differencesByRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Where each tool's fixtures come from, for the page. */
const SOURCES: Record<string, string> = {
  polaris: 'Polaris (FairwindsOps/polaris): the success and failure manifests of each check',
  'kube-linter': 'kube-linter (stackrox/kube-linter): the manifests of its end-to-end check tests, one verdict per object',
  kubesec: 'kubesec (controlplaneio/kubesec): the manifests of its rule unit tests and the match counts they expect',
  'kube-score': 'kube-score (zegl/kube-score): the test manifests and the grades its tests expect',
};

/** docs/accuracy.md: the measured figures, written by `npm run generate`. */
export function renderAccuracyDoc(result: AgreementResult): string {
  const lines = [
    '# Agreement with other linters',
    '',
    '<!-- Generated by `npm run generate` from test/agreement/ (scripts/agreement.ts): do not edit. -->',
    '',
    'Kube Aegis is run on the test fixtures of four established Kubernetes linters, and its verdict on',
    'each fixture is compared with the verdict that linter\'s own tests expect, on the checks both',
    'make. Where the verdicts differ by design (Kube Aegis follows the Pod Security Standards or what',
    'the Kubernetes API does), the rule\'s page explains the difference under "Differences from other',
    'tools"; every other difference is a bug, and the test suite fails on it',
    '(`test/agreement/agreement.test.ts`). The fixtures, their licenses and the table of verdicts are',
    'in [test/agreement](../test/agreement/).',
    '',
    `- Verdicts compared: **${result.verdicts}**`,
    `- Agreement: **${percent(result.raw)}** (${result.agree} of ${result.verdicts})`,
    `- Agreement with the documented differences set aside: **${percent(result.excludingDocumented)}** (${result.agree} of ${result.verdicts - result.documented}; the floor the tests hold is ${percent(AGREEMENT_FLOOR)})`,
    `- Documented differences: ${result.documented}`,
    '',
    '| Tool | Verdicts | Agree | Documented differences | Agreement | Without documented differences |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.tools.map((t) => `| ${t.tool} | ${t.verdicts} | ${t.agree} | ${t.documented} | ${percent(t.verdicts ? t.agree / t.verdicts : 0)} | ${percent(t.verdicts - t.documented ? t.agree / (t.verdicts - t.documented) : 0)} |`),
    '',
    '## Sources',
    '',
    ...result.tools.map((t) => `- ${SOURCES[t.tool] ?? t.tool}`),
    '',
    '## Documented differences by rule',
    '',
    '| Rule | Verdicts | Tools |',
    '| --- | ---: | --- |',
    ...result.differencesByRule.map(([rule, n]) => {
      const tools = [...new Set(result.rows.filter((r) => r.outcome === 'documented' && r.row.difference!.rule === rule).map((r) => r.row.tool))].sort();
      return `| [${rule}](rules/${rule}.md#differences-from-other-tools) | ${n} | ${tools.join(', ')} |`;
    }),
    '',
  ];
  return lines.join('\n');
}
