/** The CLI's language: `--lang en|zh-cn`, else LC_ALL, LC_MESSAGES, LANG (POSIX precedence), else English. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentLocale } from '../../server/src/cli/language.js';
import zhCn from '../../server/src/l10n/catalogs/zh-cn.json';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { runCli, tempProject } from '../support/cli.js';
import { sarifValidator } from '../support/sarif.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const CHINESE_MESSAGE = '容器 "app" 以特权方式运行：它可以完全访问节点。';
const ENGLISH_MESSAGE = 'Container "app" runs privileged: it has full access to the node.';

describe('CLI language', () => {
  const dir = tempProject({ 'pod.yaml': POD });

  it('--lang zh-cn: stylish rows, severities, levels and the summary in Chinese', () => {
    const run = runCli(['scan', 'pod.yaml', '--lang', 'zh-cn'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.stdout.includes(CHINESE_MESSAGE), run.stdout);
    assert.match(run.stdout, /^ {2}\d+:\d+ +错误 +容器 "app" 以特权方式运行：它可以完全访问节点。 {2}privileged-container$/m);
    assert.match(run.stdout, /^ {2}1:1 +级别 +Pod web：Pod 安全 特权（有 \d+ 个发现阻碍达到基线）$/m);
    assert.match(run.stdout, /^\d+ 个问题（\d+ 个错误、\d+ 个警告、\d+ 个提示），共 1 个文件/m);
  });

  it('LANG=zh_CN.UTF-8 gives Chinese; LC_ALL wins over LANG, LC_MESSAGES over LANG, --lang over all', () => {
    assert.ok(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } }).stdout.includes(CHINESE_MESSAGE));
    assert.ok(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' } }).stdout.includes(ENGLISH_MESSAGE));
    assert.ok(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' } }).stdout.includes(CHINESE_MESSAGE));
    assert.ok(runCli(['scan', 'pod.yaml', '--lang=en'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } }).stdout.includes(ENGLISH_MESSAGE));
    assert.ok(runCli(['scan', 'pod.yaml'], { cwd: dir, env: { LANG: 'de_DE.UTF-8' } }).stdout.includes(ENGLISH_MESSAGE));
  });

  it('reads the variables as POSIX does: the first set one of LC_ALL, LC_MESSAGES, LANG; empty counts as unset', () => {
    assert.equal(environmentLocale({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' }), 'zh-cn');
    assert.equal(environmentLocale({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8' }), 'en');
    assert.equal(environmentLocale({}), 'en');
  });

  it('JSON and SARIF keep the English rule ids and carry the Chinese message', () => {
    const json = JSON.parse(runCli(['scan', 'pod.yaml', '--format', 'json', '--lang', 'zh-cn'], { cwd: dir }).stdout);
    const finding = JSON.stringify(json);
    assert.ok(finding.includes('"privileged-container"'));
    assert.ok(finding.includes(JSON.stringify(CHINESE_MESSAGE)), finding);
    const sarif = JSON.parse(runCli(['scan', 'pod.yaml', '--format', 'sarif', '--lang', 'zh-cn'], { cwd: dir }).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'privileged-container');
    assert.equal(result.message.text, CHINESE_MESSAGE);
  });

  it('--lang zh-cn --format sarif: valid SARIF whose rule descriptions and help are in Chinese, ids and names in English', () => {
    const run = runCli(['scan', 'pod.yaml', '--format', 'sarif', '--lang', 'zh-cn'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.language, 'zh-CN');
    const catalog: Record<string, string> = zhCn;
    const rules = sarifRun.tool.driver.rules as { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri: string }[];
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      const meta = ALL_RULES.find((candidate) => candidate.meta.id === rule.id)?.meta;
      assert.ok(meta, `an English rule id: ${rule.id}`);
      assert.equal(rule.name, meta.title);
      assert.equal(rule.shortDescription.text, catalog[meta.title], rule.id);
      assert.equal(rule.fullDescription.text, catalog[meta.rationale], rule.id);
      assert.equal(rule.help.text, catalog[meta.remediation], rule.id);
      assert.equal(rule.help.markdown, catalog[meta.remediation], rule.id);
      assert.equal(rule.helpUri, `https://github.com/kube-aegis/kube-aegis/blob/main/docs/rules/zh-cn/${rule.id}.md`);
    }
    const privileged = rules.find((rule) => rule.id === 'privileged-container')!;
    assert.match(privileged.shortDescription.text, /特权/);
    const english = JSON.parse(runCli(['scan', 'pod.yaml', '--format', 'sarif', '--lang', 'en'], { cwd: dir }).stdout).runs[0];
    assert.equal(english.language, 'en-US');
    const englishPrivileged = english.tool.driver.rules.find((rule: { id: string }) => rule.id === 'privileged-container');
    assert.equal(englishPrivileged.shortDescription.text, ALL_RULES.find((rule) => rule.meta.id === 'privileged-container')!.meta.title);
  });

  it('rules, explain, usage errors and --help in Chinese', () => {
    const rules = runCli(['rules', '--lang', 'zh-cn', '--profile', 'baseline'], { cwd: dir });
    assert.match(rules.stdout, /^规则 +严重级别 +类别 +PSS +修复 +标题$/m);
    assert.match(rules.stdout, /条规则；`kube-aegis explain <rule>` 可查看详情。/);
    const explain = runCli(['explain', 'privileged-container', '--lang', 'zh-cn'], { cwd: dir });
    assert.match(explain.stdout, /^如何修复$/m);
    assert.match(explain.stdout, /docs\/rules\/zh-cn\/privileged-container\.md/);
    const bad = runCli(['scan', '--format', 'xml', '--lang', 'zh-cn'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^kube-aegis: --format 必须是 stylish, json, sarif 之一（收到的是 "xml"）\n\n用法：kube-aegis scan/);
    assert.match(runCli(['--help', '--lang', 'zh-cn'], { cwd: dir }).stdout, /^用法：kube-aegis scan/);
  });

  it('refuses a language it does not have, with exit status 2', () => {
    const run = runCli(['scan', 'pod.yaml', '--lang', 'fr'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--lang must be one of en, zh-cn \(got "fr"\)/);
  });
});
