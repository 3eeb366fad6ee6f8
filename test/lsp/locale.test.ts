/** A client that says `locale: zh-cn` at initialize gets Simplified Chinese: diagnostics, hovers, code actions, code lenses. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ruleDocUrl } from '../../server/src/engine/index.js';
import { LspTestClient, memoryUri, messageOf } from '../support/lsp-client.js';

const CHINESE = /[\u4e00-\u9fff]/;

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

describe('LSP in Simplified Chinese (locale zh-cn)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ locale: 'zh-cn' });
  });
  after(() => client.stop());

  it('publishes messages in Chinese, with the rule id and the Chinese documentation page', async () => {
    const uri = memoryUri('zh-pod.yaml');
    await client.open(uri, POD);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const privileged = diagnostics.find((d) => d.code === 'privileged-container')!;
    assert.equal(messageOf(privileged), '容器 "app" 以特权方式运行：它可以完全访问节点。');
    assert.equal(privileged.codeDescription?.href, ruleDocUrl('privileged-container', 'zh-cn'));
    assert.match(privileged.codeDescription!.href, /\/docs\/rules\/zh-cn\/privileged-container\.md$/);
    for (const diagnostic of diagnostics) assert.match(messageOf(diagnostic), CHINESE, messageOf(diagnostic));
  });

  it('hovers in Chinese, with the link to the Chinese page', async () => {
    const uri = memoryUri('zh-hover.yaml');
    await client.open(uri, POD);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const privileged = diagnostics.find((d) => d.code === 'privileged-container')!;
    const hover = (await client.hover(uri, privileged.range.start)) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*修复：\*\*/);
    assert.match(value, /\*\*Pod 安全标准：\*\* 基线级别/);
    assert.ok(value.includes(`[文档](${ruleDocUrl('privileged-container', 'zh-cn')})`), value);
  });

  it('titles code actions and code lenses in Chinese', async () => {
    const uri = memoryUri('zh-actions.yaml');
    await client.open(uri, POD);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const privileged = diagnostics.find((d) => d.code === 'privileged-container')!;
    const titles = ((await client.codeActions(uri, privileged.range, [privileged])) as CodeAction[]).map((a) => a.title);
    assert.ok(titles.includes('设置 privileged: false（不安全）'), titles.join('\n'));
    assert.ok(titles.includes('在这一行忽略 privileged-container'), titles.join('\n'));
    assert.ok(titles.includes('显示 privileged-container 的文档'), titles.join('\n'));
    const lenses = await client.codeLenses(uri);
    assert.match(lenses[0]!.command!.title, /^Pod 安全：特权 — 有 \d+ 个发现阻碍达到基线$/);
  });
});

describe('LSP without a locale', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(() => client.stop());

  it('speaks English', async () => {
    const uri = memoryUri('en-pod.yaml');
    await client.open(uri, POD);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.equal(messageOf(diagnostics.find((d) => d.code === 'privileged-container')!), 'Container "app" runs privileged: it has full access to the node.');
  });
});
