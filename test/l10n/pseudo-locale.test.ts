/**
 * A pseudo-locale in which every catalog text comes out as `⟦text⟧`: a string a person reads that
 * is not wrapped so bypassed the catalog (a literal, or a sentence pieced together). Runs the
 * engine over every rule fixture, the CLI's stylish output, `rules` and `explain`, and the
 * language server's hovers, code actions and code lenses with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer } from '../../server/src/engine/document.js';
import type { Finding } from '../../server/src/engine/index.js';
import { formatExplanation } from '../../server/src/cli/explain-command.js';
import { formatRuleTable } from '../../server/src/cli/rules-command.js';
import { formatStylish } from '../../server/src/cli/format-stylish.js';
import { scanFiles, type FileReport } from '../../server/src/cli/scan.js';
import { codeActions } from '../../server/src/lsp/code-actions.js';
import { securityLevelLenses } from '../../server/src/lsp/code-lens.js';
import { findingDiagnostic } from '../../server/src/lsp/diagnostics.js';
import { hoverAt } from '../../server/src/lsp/hover.js';
import { WorkspaceEdits } from '../../server/src/lsp/workspace-edits.js';
import { useCatalogForTesting } from '../../server/src/l10n/t.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { loadRuleFixtures } from '../support/fixtures.js';
import { metadataTexts } from './metadata-texts.js';
import { serverKeys } from './message-keys.js';

const OPEN = '⟦';
const CLOSE = '⟧';

/** Texts that bypassed the catalog, each named once; every test ends by asserting there are none. */
let bypasses = new Set<string>();

/** A text the catalog gave is wrapped whole (the parameters inside may be anything). */
function assertLocalized(text: string, what: string): void {
  if (!(text.startsWith(OPEN) && text.endsWith(CLOSE))) bypasses.add(`${what}: ${JSON.stringify(text)}`);
}

function assertNoBypass(): void {
  const found = [...bypasses];
  bypasses = new Set();
  assert.deepEqual(found, [], 'texts that bypass the catalog');
}

describe('pseudo-locale: every text a person reads comes from the catalog', () => {
  let reports: FileReport[];

  before(() => {
    const keys = [...serverKeys().keys.map((use) => use.key), ...metadataTexts(ALL_RULES)];
    useCatalogForTesting(Object.fromEntries(keys.map((key) => [key, `${OPEN}${key}${CLOSE}`])));
    const fixtures = loadRuleFixtures().filter((f) => f.kind === 'yaml' && f.bad !== undefined);
    reports = scanFiles(fixtures.map((f) => ({ path: `${f.id}/bad.yaml`, text: f.bad!, config: f.config })));
  });
  after(() => useCatalogForTesting(undefined));

  it('finding messages and fix titles, of every rule fixture (ABAC policies included)', () => {
    let count = 0;
    const check = (finding: Finding, where: string) => {
      assertLocalized(finding.message, `${where}: the message of ${finding.ruleId}`);
      for (const fix of finding.fixes) assertLocalized(fix.title, `${where}: a fix title of ${finding.ruleId}`);
      count++;
    };
    for (const report of reports) for (const finding of report.findings) check(finding, report.path);
    for (const fixture of loadRuleFixtures().filter((f) => f.kind === 'abac' && f.bad !== undefined)) {
      for (const finding of createAnalyzer('abac', ALL_RULES, fixture.config).analyze(fixture.bad!).findings) check(finding, `${fixture.id}/bad.jsonl`);
    }
    assert.ok(count > 200, `only ${count} findings checked`);
    assertNoBypass();
  });

  it('the stylish output: severities, messages, Pod Security levels and the summary', () => {
    const lines = formatStylish(reports, false).split('\n').filter((line) => line.trim() !== '');
    const paths = new Set(reports.map((r) => r.path));
    for (const line of lines) {
      if (paths.has(line)) continue;
      const row = /^ {2}\d+:\d+ +(⟦.*?⟧) +(.*?)(?: {2}([a-z-]+))?$/.exec(line);
      if (row) {
        assertLocalized(row[2]!, `the stylish row ${JSON.stringify(line)}`);
        continue;
      }
      assertLocalized(line, 'the stylish summary');
    }
    assertNoBypass();
  });

  it('the rules table and explain', () => {
    const [header, ...rows] = formatRuleTable(ALL_RULES.map((r) => r.meta), false).split('\n');
    for (const cell of header!.split(/ {2,}/).filter((c) => c !== 'PSS')) assertLocalized(cell.trim(), 'a rules table heading');
    for (const row of rows.filter((r) => / {2}/.test(r))) assertLocalized(row.split(/ {2,}/).at(-1)!.trim(), 'a rule title in the rules table');
    assertLocalized(rows.at(-2)!, 'the rules count');
    for (const rule of ALL_RULES) {
      const text = formatExplanation(rule.meta, false, 10_000);
      const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^ {2}https?:\/\//.test(line));
      assertLocalized(lines[0]!.slice(`${rule.meta.id}: `.length), `the title in explain ${rule.meta.id}`);
      for (const line of lines.slice(1)) {
        const fact = /^ {2}(⟦[^⟧]*⟧|PSS) +(.*)$/.exec(line);
        if (fact) {
          if (fact[1] !== '⟦category⟧') assertLocalized(fact[2]!.replace(/^⟦[^:]*⟧: /, ''), `explain ${rule.meta.id}: ${line}`);
          continue;
        }
        assertLocalized(line.trim(), `explain ${rule.meta.id}`);
      }
    }
    assertNoBypass();
  });

  it('hovers, code actions and code lenses of the language server', () => {
    const edits = new WorkspaceEdits(true);
    const fixtures = loadRuleFixtures();
    let hovers = 0;
    for (const report of reports) {
      const document = TextDocument.create(`file:///${report.path}`, 'yaml', 1, report.text);
      const fixture = fixtures.find((f) => report.path.startsWith(`${f.id}/`))!;
      const analysis = createAnalyzer('yaml', ALL_RULES, fixture.config).analyze(report.text);
      for (const finding of report.findings) {
        const hover = hoverAt(document, report.findings, document.positionAt(finding.start));
        const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
        // Markdown apart, every line of the hover is a catalog text.
        for (const line of value.split('\n').filter((l) => l.trim() !== '' && l !== '---')) {
          const text = line.replace(/^- ⟦[^⟧]*⟧: /, '').replace(/^\*\*(⟦.*⟧)\*\* `[a-z-]+`$/, '$1').replace(/ \(\[[a-z-]+\]\([^)]*\)\)$/, '');
          assertLocalized(text, `the hover of ${finding.ruleId}`);
        }
        hovers++;
        const diagnostic = findingDiagnostic(document, finding);
        const actions = codeActions({
          document,
          analysis,
          findings: report.findings,
          config: fixture.config,
          canCreateFiles: true,
          resolvesEdits: true,
          params: { textDocument: { uri: document.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
          edits,
        });
        for (const action of actions) assertLocalized(action.title, `a code action of ${finding.ruleId}`);
      }
      for (const lens of securityLevelLenses(document, analysis, fixture.config)) assertLocalized(lens.command!.title, `the code lens in ${report.path}`);
    }
    assert.ok(hovers > 200, `only ${hovers} hovers checked`);
    assertNoBypass();
  });
});
