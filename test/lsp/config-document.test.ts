/** Help inside .kube-aegis.yaml: completion of keys, rule ids and values; the "did you mean" quick fix. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, type CodeAction, type CompletionItem, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver/node';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri, messageOf } from '../support/lsp-client.js';

const CONFIG = memoryUri('.kube-aegis.yaml');

describe('LSP .kube-aegis.yaml editing', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ capabilities: BASIC_CAPABILITIES });
  });
  after(() => client.stop());

  const complete = async (text: string, line: number, character: number): Promise<string[]> => {
    await client.replaceText(CONFIG, Date.now() % 100000, text);
    const items = (await client.request(CompletionRequest.type.method, { textDocument: { uri: CONFIG }, position: { line, character } })) as CompletionItem[];
    return items.map((item) => item.label);
  };

  it('completes top-level keys, rule ids (with their titles), profiles and severities', async () => {
    await client.open(CONFIG, '');
    assert.deepEqual((await complete('pro', 0, 3)).slice(0, 3), ['profile', 'rules', 'trustedRegistries']);
    const ruleIds = await complete('rules:\n  privi', 1, 7);
    assert.ok(ruleIds.includes('privileged-container') && ruleIds.includes('privilege-escalation'), ruleIds.join());
    assert.ok(!ruleIds.includes('profile'));
    assert.deepEqual(await complete('profile: ', 0, 9), ['baseline', 'restricted', 'default']);
    assert.deepEqual(await complete('rules:\n  image-tag: ', 1, 13), ['error', 'warning', 'info', 'off']);
    assert.deepEqual(await complete('resources:\n  limits:\n    ', 2, 4), ['cpu', 'memory']);
  });

  it('offers the known rule id for a misspelt one, as a preferred quick fix', async () => {
    const text = 'profile: baseline\nrules:\n  privileged-containers: error\n';
    await client.replaceText(CONFIG, 1_000_000, text);
    const { diagnostics } = await client.waitForDiagnostics(CONFIG, (p) => p.version === 1_000_000);
    assert.deepEqual(diagnostics.map(messageOf), ['rules: unknown rule "privileged-containers"; did you mean "privileged-container"?']);
    const actions = (await client.codeActions(CONFIG, diagnostics[0]!.range, diagnostics)) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Change to "privileged-container"', true]]);
    const edit = (actions[0]!.edit!.documentChanges![0] as TextDocumentEdit).edits[0]! as TextEdit;
    assert.deepEqual([edit.range, edit.newText], [diagnostics[0]!.range, 'privileged-container']);
  });
});
