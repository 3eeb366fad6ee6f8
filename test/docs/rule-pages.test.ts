/** The rule pages in both languages come from one renderer: same structure, same code, other words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentLocale, setLocale } from '../../server/src/l10n/t.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { renderRuleDoc, renderRulesPage } from '../../scripts/render-docs.js';

const codeSpans = (markdown: string) => [...new Set(markdown.match(/`[^`\n]*`/g) ?? [])].sort();
const headings = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('#')).map((line) => line.replace(/ .*/, ''));

describe('rule pages', () => {
  it('render in Simplified Chinese with the headings, code spans and references of the English page', () => {
    for (const { meta } of ALL_RULES) {
      const en = renderRuleDoc(meta, 'en');
      const zh = renderRuleDoc(meta, 'zh-cn');
      assert.notEqual(zh, en, meta.id);
      assert.deepEqual(headings(zh), headings(en), meta.id);
      assert.deepEqual(codeSpans(zh), codeSpans(en), meta.id);
      for (const reference of meta.references) assert.ok(zh.includes(`- ${reference}`), `${meta.id}: ${reference}`);
      assert.ok(!/^## (Why|How to fix|Suppressing|References)$/m.test(zh), `${meta.id}: an English heading on the Chinese page`);
    }
  });

  it('translate the fixed texts and the metadata, and leave ids, severities and levels as written', () => {
    const rule = ALL_RULES.find((r) => r.meta.id === 'run-as-non-root')!;
    const zh = renderRuleDoc(rule.meta, 'zh-cn');
    assert.match(zh, /^# run-as-non-root\n\n\*\*以非 root 身份运行\*\*/);
    assert.match(zh, /\| 默认严重级别 \| warning \|/);
    assert.match(zh, /\| Pod 安全标准 \| restricted: 以非 root 身份运行 \|/);
    assert.match(zh, /^## 原因\n\n没有 `runAsNonRoot: true` 时/m);
    assert.match(zh, /^- 仅此行：在上一行写注释 `# kube-aegis-disable-next-line run-as-non-root`。$/m);
  });

  it('leave the active locale as it was', () => {
    setLocale('en');
    renderRuleDoc(ALL_RULES[0]!.meta, 'zh-cn');
    renderRulesPage(ALL_RULES.map((r) => r.meta), 'zh-cn');
    assert.equal(currentLocale(), 'en');
    setLocale('zh-cn');
    try {
      assert.match(renderRuleDoc(ALL_RULES[0]!.meta, 'en'), /^## Why$/m);
      assert.equal(currentLocale(), 'zh-cn');
    } finally {
      setLocale('en');
    }
  });

  it('index the rules in Simplified Chinese, linked to the pages beside it', () => {
    const page = renderRulesPage(ALL_RULES.map((r) => r.meta), 'zh-cn');
    assert.match(page, /^# 规则\n/);
    assert.match(page, /^\| id \| 标题 \| 严重级别 \| PSS 级别 \| 修复安全性 \|$/m);
    assert.match(page, /^\| \[run-as-non-root\]\(run-as-non-root\.md\) \| 以非 root 身份运行 \| warning \| restricted \| 安全或不安全 \|$/m);
    assert.equal(page.split('\n').filter((line) => line.startsWith('| [')).length, ALL_RULES.length);
  });
});
