/** Code actions and hover over the protocol, checked by applying the returned edits. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG, fixAll, ruleDocUrl } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri, summary } from '../support/lsp-client.js';
import { ofWebRules, WEB } from '../support/web-fixture.js';

function lines(text: string): string[] {
  return text.split('\n');
}

describe('LSP code actions and hover', () => {
  let client: LspTestClient;
  let uri: string;
  let diagnostics: Diagnostic[];
  const privileged = () => diagnostics.find((d) => d.code === 'privileged-container' && d.range.start.line === 15)!;
  const actionsFor = async (diagnostic: Diagnostic, only?: string[]) =>
    (await client.codeActions(uri, diagnostic.range, [diagnostic], only)) as CodeAction[];
  const titled = (actions: CodeAction[], title: string) => {
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no action "${title}" in ${JSON.stringify(actions.map((a) => a.title))}`);
    return action;
  };

  before(async () => {
    client = await LspTestClient.start();
    uri = memoryUri('actions.yaml');
    await client.open(uri, WEB);
    diagnostics = await client.currentDiagnostics(uri);
  });
  after(() => client.stop());

  it('offers the rule fix with its edit, saying it is unsafe (a privileged container may need to be)', async () => {
    const actions = await actionsFor(privileged());
    const fix = titled(actions, 'Set privileged: false (unsafe)');
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, false);
    assert.deepEqual(fix.diagnostics, [privileged()]);
    const fixed = client.applied(uri, fix.edit);
    assert.equal(lines(fixed)[15], '            privileged: false');
    assert.equal(lines(fixed)[19], '            privileged: true');
    assert.equal(fixed.length, WEB.length + 1);
  });

  const sourceFixAll = async () => {
    const actions = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll'])) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.kube-aegis');
    return client.applied(uri, actions[0]!.edit);
  };

  it('offers source.fixAll.kube-aegis for the whole file on request, with safe fixes only', async () => {
    const fixed = await sourceFixAll();
    assert.equal(fixed, fixAll(WEB, ALL_RULES, DEFAULT_CONFIG).text);
    assert.ok(fixed.includes('privileged: true'), 'unsafe fixes are left out');
    assert.ok(!(await actionsFor(privileged())).some((a) => a.title.startsWith('Fix all privileged-container')), 'no "Fix all" of unsafe fixes');
    // Not part of the answer to an unfiltered request (the light bulb asks on every cursor move).
    const unfiltered = await actionsFor(privileged());
    assert.ok(!unfiltered.some((a) => a.kind === 'source.fixAll.kube-aegis'));
  });

  it('applies unsafe fixes in "Fix all" and source.fixAll.kube-aegis with kubeAegis.fixAll.unsafe, as one edit of the changed span', async () => {
    await client.setSettings({ fixAll: { unsafe: true } });
    try {
      diagnostics = await client.currentDiagnostics(uri);
      const action = titled(await actionsFor(privileged()), 'Fix all privileged-container problems in this file');
      assert.equal(action.kind, 'quickfix');
      const edits = action.edit!.documentChanges![0]! as { edits: unknown[] };
      assert.equal(edits.edits.length, 1);
      assert.equal(client.applied(uri, action.edit), WEB.replaceAll('privileged: true', 'privileged: false'));
      const fixed = await sourceFixAll();
      assert.equal(fixed, fixAll(WEB, ALL_RULES, DEFAULT_CONFIG, { unsafe: true }).text);
      assert.ok(fixed.includes('runAsNonRoot: true') && !fixed.includes('privileged: true'));
    } finally {
      await client.setSettings(undefined);
      diagnostics = await client.currentDiagnostics(uri);
    }
  });

  it('ignores a rule for one line with a comment at that line\'s indentation', async () => {
    const action = titled(await actionsFor(privileged()), 'Ignore privileged-container for this line');
    const fixed = client.applied(uri, action.edit);
    assert.equal(lines(fixed)[15], '            # kube-aegis-disable-next-line privileged-container');
    assert.equal(lines(fixed)[16], '            privileged: true');
    await checkAfter(fixed, ['10:4-10:8 run-as-non-root', '20:24-20:28 privileged-container']);
  });

  it('ignores a rule for the whole resource through its kube-aegis.io/ignore annotation', async () => {
    const action = titled(await actionsFor(privileged()), 'Ignore privileged-container for this resource');
    const fixed = client.applied(uri, action.edit);
    assert.deepEqual(lines(fixed).slice(2, 7), ['metadata:', '  name: web', '  annotations:', '    kube-aegis.io/ignore: privileged-container', 'spec:']);
    await checkAfter(fixed, ['12:4-12:8 run-as-non-root']);
    // A second rule is appended to the existing annotation.
    const second = memoryUri('annotated.yaml');
    await client.open(second, fixed);
    const runAsRoot = (await client.currentDiagnostics(second)).find((d) => d.code === 'run-as-non-root')!;
    const actions = (await client.codeActions(second, runAsRoot.range, [runAsRoot])) as CodeAction[];
    const appended = client.applied(second, titled(actions, 'Ignore run-as-non-root for this resource').edit);
    assert.equal(lines(appended)[5], '    kube-aegis.io/ignore: "privileged-container,run-as-non-root"');
    await client.close(second);
  });

  it('links the rule documentation through a command', async () => {
    const action = titled(await actionsFor(privileged()), 'Show documentation for privileged-container');
    assert.deepEqual(action.command, {
      title: 'Show documentation for privileged-container',
      command: 'kube-aegis.showRuleDocumentation',
      arguments: ['privileged-container'],
    });
    assert.equal(action.edit, undefined);
  });

  it('opens the documentation for clients that hand the command back to the server', async () => {
    const shown = new Promise<{ message: string }>((resolve) => client.connection.onNotification('window/showMessage', resolve));
    await client.request('workspace/executeCommand', { command: 'kube-aegis.showRuleDocumentation', arguments: ['privileged-container'] });
    assert.match((await shown).message, /privileged-container\.md$/);
    const viewer = await LspTestClient.start({ capabilities: { ...BASIC_CAPABILITIES, window: { showDocument: { support: true } } } });
    try {
      const opened = new Promise<{ uri: string; external?: boolean }>((resolve) =>
        viewer.connection.onRequest('window/showDocument', (params: { uri: string; external?: boolean }) => {
          resolve(params);
          return { success: true };
        }),
      );
      await viewer.request('workspace/executeCommand', { command: 'kube-aegis.showRuleDocumentation', arguments: ['run-as-non-root'] });
      assert.deepEqual(await opened, { uri: ruleDocUrl('run-as-non-root'), external: true });
      assert.equal(viewer.initializeResult.capabilities.executeCommandProvider, undefined);
    } finally {
      await viewer.stop();
    }
  });

  it('matches diagnostics by range and rule id, not by message', async () => {
    const reworded = { ...privileged(), message: 'something else entirely', data: undefined };
    assert.ok((await actionsFor(reworded)).some((a) => a.title === 'Set privileged: false (unsafe)'));
    const elsewhere = { ...privileged(), range: { start: { line: 14, character: 0 }, end: { line: 14, character: 5 } } };
    assert.deepEqual(await actionsFor(elsewhere), []);
    const otherRule = { ...privileged(), code: 'run-as-non-root' };
    assert.deepEqual(await actionsFor(otherRule), []);
  });

  it('describes a finding on hover: title, rationale, remediation and PSS level', async () => {
    const hover = await client.hover(uri, { line: 15, character: 26 });
    assert.ok(hover);
    assert.equal(hover.contents.kind, 'markdown');
    const text = hover.contents.value;
    for (const part of ['**Privileged containers**', 'root on the node', '**Fix:**', 'securityContext.privileged: false', 'baseline level', 'Privileged Containers', '(quick fix: unsafe)']) {
      assert.ok(text.includes(part), `hover lacks ${part}:\n${text}`);
    }
    assert.deepEqual(hover.range, privileged().range);
    assert.equal(await client.hover(uri, { line: 0, character: 3 }), null);
  });

  /** Opens `text` as a new document and checks what is still reported by the rules under test. */
  async function checkAfter(text: string, expected: string[]): Promise<void> {
    const other = memoryUri(`after-${Math.random().toString(36).slice(2)}.yaml`);
    await client.open(other, text);
    assert.deepEqual(summary(ofWebRules(await client.currentDiagnostics(other))), expected);
    await client.close(other);
  }
});
