// Every text a rule page shows, in Simplified Chinese: each rule's metadata (title, rationale,
// remediation, fix-safety reason, control-plane need, differences, PSS control name) and each
// fixed text of the page renderer has its catalog entry, with the same `{n}` parameters and the
// same code spans, since a code span names a field, flag or value that must not change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuleMeta } from '../../server/src/engine/rule.js';
import zhCn from '../../server/src/l10n/catalogs/zh-cn.json';
import { ALL_RULES } from '../../server/src/rules/index.js';

const catalog: Readonly<Record<string, string>> = zhCn;
const root = join(__dirname, '..', '..');

/** The texts of a rule that reach a reader, each with the field it comes from. */
function metadataTexts(meta: RuleMeta): Array<{ field: string; text: string }> {
  return [
    { field: 'title', text: meta.title },
    { field: 'rationale', text: meta.rationale },
    { field: 'remediation', text: meta.remediation },
    ...(meta.fixSafety ? [{ field: 'fixSafety.reason', text: meta.fixSafety.reason }] : []),
    ...(meta.controlPlaneNeed ? [{ field: 'controlPlaneNeed', text: meta.controlPlaneNeed }] : []),
    ...(meta.pss ? [{ field: 'pss.control', text: meta.pss.control }] : []),
    ...(meta.differences ?? []).map((text, i) => ({ field: `differences[${i}]`, text })),
  ];
}

/** The `t('…')` keys of a source file: string literals, as the call sites must write them. */
function literalKeys(source: string): string[] {
  const keys: string[] = [];
  for (const match of source.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.push(match[1]!.replace(/\\(.)/g, '$1'));
  return keys;
}

const parameters = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
const codeSpans = (text: string) => [...new Set(text.match(/`[^`]*`/g) ?? [])].sort();

/** What is wrong with the translation of `english`, or nothing. */
function problemsOf(english: string): string[] {
  const chinese = catalog[english];
  if (chinese === undefined) return ['no zh-cn entry'];
  const problems: string[] = [];
  if (chinese.trim() === '') problems.push('empty translation');
  if (chinese === english && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(english.replace(/`[^`]*`/g, ''))) problems.push('left in English');
  if (parameters(chinese).join() !== parameters(english).join()) problems.push(`parameters ${parameters(english).join() || 'none'} became ${parameters(chinese).join() || 'none'}`);
  const [en, zh] = [codeSpans(english), codeSpans(chinese)];
  if (en.join('\n') !== zh.join('\n')) {
    const lost = en.filter((s) => !zh.includes(s));
    const added = zh.filter((s) => !en.includes(s));
    problems.push(`code spans differ (missing: ${lost.join(' ') || '-'}; added: ${added.join(' ') || '-'})`);
  }
  if (/`/.test(chinese.replace(/`[^`]*`/g, ''))) problems.push('unbalanced backticks');
  return problems;
}

describe('zh-cn catalog: rule metadata and rule pages', () => {
  it('translates every metadata text of every rule, keeping parameters and code spans', () => {
    const failures: string[] = [];
    for (const rule of ALL_RULES) {
      for (const { field, text } of metadataTexts(rule.meta)) {
        for (const problem of problemsOf(text)) failures.push(`${rule.meta.id} ${field}: ${problem}\n    ${JSON.stringify(text)}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} rule metadata texts are not translated properly:\n${failures.join('\n')}`);
  });

  it("translates every fixed text of the rule page renderer, keeping parameters and code spans", () => {
    const keys = literalKeys(readFileSync(join(root, 'scripts', 'render-docs.ts'), 'utf8'));
    // The headings, the table, the fix-safety and suppression sentences, the index page.
    assert.ok(keys.length >= 25, `found only ${keys.length} t('…') keys in scripts/render-docs.ts`);
    const failures = keys.flatMap((key) => problemsOf(key).map((problem) => `${problem}: ${JSON.stringify(key)}`));
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('finds what it checks: a changed code span or parameter is a failure', () => {
    const english = 'Set `runAsNonRoot: true` for container {0}.';
    assert.deepEqual(codeSpans('设置 `runAsNonroot: true`（容器 {0}）。'), ['`runAsNonroot: true`']);
    assert.notDeepEqual(codeSpans('设置 `runAsNonroot: true`（容器 {0}）。'), codeSpans(english));
    assert.notDeepEqual(parameters('设置 `runAsNonRoot: true`（容器 {1}）。'), parameters(english));
    assert.deepEqual(literalKeys("t('a `b` {0}', x) + t( 'it\\'s' )"), ['a `b` {0}', "it's"]);
  });
});
