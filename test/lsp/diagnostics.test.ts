/** Diagnostics over the protocol: ranges and metadata, incremental edits, stale versions, close, pull. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { ruleDocUrl } from '../../server/src/engine/index.js';
import { ROOT } from '../support/paths.js';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri, messageOf, summary } from '../support/lsp-client.js';
import { ofWebRules, WEB, WEB_FINDINGS } from '../support/web-fixture.js';

/** The `summary` of the findings of the rules these tests watch (other rules report more on WEB). */
const watched = (diagnostics: Parameters<typeof summary>[0]) => summary(ofWebRules(diagnostics));

describe('LSP diagnostics (push)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ trace: 'verbose' });
  });
  after(() => client.stop());

  it('declares incremental sync, code actions (resolved), code lenses, hover and completion, and no pull for a client without it', () => {
    const capabilities = client.initializeResult.capabilities;
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.ok(capabilities.hoverProvider);
    assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.kube-aegis'], resolveProvider: true });
    assert.deepEqual(capabilities.completionProvider, { triggerCharacters: [' '] });
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  it('publishes each finding with its exact range, rule id, source, documentation link and severity', async () => {
    const uri = memoryUri('published.yaml');
    await client.open(uri, WEB);
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    assert.deepEqual(watched(published.diagnostics), WEB_FINDINGS);
    for (const diagnostic of published.diagnostics) {
      assert.equal(diagnostic.source, 'kube-aegis');
      assert.equal(diagnostic.codeDescription?.href, ruleDocUrl(String(diagnostic.code)));
      assert.ok(messageOf(diagnostic).length > 10);
    }
    for (const diagnostic of ofWebRules(published.diagnostics)) {
      assert.equal(diagnostic.severity, diagnostic.code === 'privileged-container' ? 1 : 2);
    }
    await client.close(uri);
  });

  it('follows incremental edits and re-parses only the edited YAML document', async () => {
    const uri = memoryUri('incremental.yaml');
    await client.open(uri, WEB);
    await client.currentDiagnostics(uri);
    client.traces.length = 0;
    // `privileged: true` -> `privileged: false` in the first container.
    await client.change(uri, 2, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } }, text: 'false' }]);
    assert.deepEqual(watched(await client.currentDiagnostics(uri)), ['10:4-10:8 run-as-non-root', '19:24-19:28 privileged-container']);
    // Two lines inserted above the Deployment shift every range.
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# web tier\n# owned by the platform team\n' }]);
    assert.deepEqual(watched(await client.currentDiagnostics(uri)), ['12:4-12:8 run-as-non-root', '21:24-21:28 privileged-container']);
    const checks = client.traces.filter((t) => t.startsWith(uri));
    assert.ok(checks.some((t) => t.includes('parsed 1 of 2 documents')), checks.join('\n'));
    await client.close(uri);
  });

  it('publishes only the newest version after a burst of changes', async () => {
    const slow = await LspTestClient.start({ initializationOptions: { debounceMs: 250 } });
    try {
      const uri = memoryUri('burst.yaml');
      await slow.open(uri, WEB);
      await slow.currentDiagnostics(uri);
      const before = slow.published.get(uri)!.length;
      // Toggle the first container between privileged and not (ending privileged again).
      for (let version = 2; version <= 21; version++) {
        const text = version % 2 === 0 ? 'false' : 'true ';
        const end = version === 2 ? 28 : 29;
        void slow.change(uri, version, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: end } }, text }]);
      }
      const final = await slow.waitForDiagnostics(uri, (p) => p.version === 21);
      assert.deepEqual(watched(final.diagnostics), WEB_FINDINGS);
      assert.equal(slow.document(uri).getText().split('\n')[15], '            privileged: true ');
      // A later version is the barrier: anything stale would have been published before it.
      await slow.change(uri, 22, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: 29 } }, text: 'false' }]);
      await slow.currentDiagnostics(uri);
      const versions = slow.published.get(uri)!.slice(before).map((p) => p.version);
      assert.deepEqual(versions, [21, 22]);
    } finally {
      await slow.stop();
    }
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = memoryUri('closed.yaml');
    await client.open(uri, WEB);
    assert.equal(ofWebRules(await client.currentDiagnostics(uri)).length, 3);
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.equal(cleared.version, undefined);
  });

  it('shows the new text of a document closed and re-opened at the same version', async () => {
    const uri = memoryUri('reopened.yaml');
    const before = client.published.get(uri)?.length ?? 0;
    void client.open(uri, WEB);
    void client.close(uri);
    const fixed = WEB.replaceAll('privileged: true', 'privileged: false');
    await client.open(uri, fixed);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1 && ofWebRules(p.diagnostics).length === 1);
    assert.deepEqual(watched(published.diagnostics), ['10:4-10:8 run-as-non-root']);
    const afterClose = client.published.get(uri)!.slice(before);
    const cleared = afterClose.findIndex((p) => p.version === undefined);
    assert.ok(cleared >= 0);
    const watchedCounts = afterClose.map((p) => ofWebRules(p.diagnostics).length);
    assert.ok(watchedCounts.slice(cleared + 1).every((count) => count === 1), JSON.stringify(watchedCounts));
    await client.close(uri);
  });

  it('reports a YAML syntax error where it is, and keeps checking the other documents', async () => {
    const uri = memoryUri('broken.yaml');
    const broken = WEB.replace('kind: Pod', 'kind: [Pod');
    await client.open(uri, broken);
    const diagnostics = await client.currentDiagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && d.range.start.line >= 21));
    assert.equal(diagnostics.filter((d) => d.code === 'privileged-container').length, 2);
    await client.close(uri);
  });
});

describe('LSP transports', () => {
  it('serves a client over node IPC, as the VS Code client runs it', async () => {
    const client = await LspTestClient.start({ transport: 'ipc' });
    try {
      const uri = memoryUri('ipc.yaml');
      await client.open(uri, WEB);
      assert.deepEqual(watched(await client.currentDiagnostics(uri)), WEB_FINDINGS);
    } finally {
      await client.stop();
    }
  });

  it('runs as `kube-aegis lsp`, on stdio when no transport is named', async () => {
    const client = await LspTestClient.start({ serverArgs: [join(ROOT, 'bin', 'kube-aegis.js'), 'lsp'] });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'kube-aegis');
      const uri = memoryUri('bin.yaml');
      await client.open(uri, WEB);
      assert.deepEqual(watched(await client.currentDiagnostics(uri)), WEB_FINDINGS);
    } finally {
      await client.stop();
    }
  });

  it('starts and publishes the first diagnostics quickly', async (t) => {
    const started = performance.now();
    const client = await LspTestClient.start();
    try {
      const uri = memoryUri('first.yaml');
      await client.open(uri, WEB);
      await client.currentDiagnostics(uri);
      const elapsed = performance.now() - started;
      t.diagnostic(`spawn to first diagnostics: ${elapsed.toFixed(0)} ms`);
      // Generous: the target is well under a second, but test machines are shared.
      assert.ok(elapsed < 5000, `${elapsed} ms`);
    } finally {
      await client.stop();
    }
  });
});

describe('LSP diagnostics (pull)', () => {
  it('answers textDocument/diagnostic and publishes nothing to a client that pulls', async () => {
    const client = await LspTestClient.start({
      capabilities: { ...BASIC_CAPABILITIES, textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } },
      initializationOptions: { debounceMs: 0 },
    });
    try {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider?.interFileDependencies, true);
      const uri = memoryUri('pulled.yaml');
      await client.open(uri, WEB);
      const report = await client.pullDiagnostics(uri);
      assert.equal(report.kind, 'full');
      assert.deepEqual(watched(report.items), WEB_FINDINGS);
      await client.change(uri, 2, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } }, text: 'false' }]);
      assert.deepEqual(watched((await client.pullDiagnostics(uri)).items), ['10:4-10:8 run-as-non-root', '19:24-19:28 privileged-container']);
      assert.equal(client.published.get(uri), undefined);
    } finally {
      await client.stop();
    }
  });

  it('answers "unchanged" when the client already holds the diagnostics it would get', async () => {
    const client = await LspTestClient.start({
      capabilities: { ...BASIC_CAPABILITIES, textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } },
      initializationOptions: { debounceMs: 0 },
    });
    try {
      const uri = memoryUri('pulled-again.yaml');
      await client.open(uri, WEB);
      const first = await client.pullDiagnostics(uri);
      assert.equal(first.kind, 'full');
      assert.ok(first.resultId, 'a full report has a result id');
      // Pulled again (another open document changed, say): nothing new to send.
      assert.deepEqual(await client.pullDiagnostics(uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
      // A comment at the end moves no finding.
      const lines = WEB.split('\n').length;
      await client.change(uri, 2, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } }, text: '# reviewed\n' }]);
      assert.deepEqual(await client.pullDiagnostics(uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
      // Fixing a finding changes the report, under a new id.
      await client.change(uri, 3, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } }, text: 'false' }]);
      const fixed = await client.pullDiagnostics(uri, first.resultId);
      assert.equal(fixed.kind, 'full');
      assert.notEqual(fixed.resultId, first.resultId);
      assert.deepEqual(watched(fixed.items), ['10:4-10:8 run-as-non-root', '19:24-19:28 privileged-container']);
      // A client that lost its copy gets the full report again.
      assert.equal((await client.pullDiagnostics(uri)).kind, 'full');
    } finally {
      await client.stop();
    }
  });

  it('asks the client to pull again when another document changes what is found across files', async () => {
    const client = await LspTestClient.start({
      capabilities: {
        ...BASIC_CAPABILITIES,
        textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } },
        workspace: { ...BASIC_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
      },
      initializationOptions: { debounceMs: 0 },
    });
    try {
      // No workspace folder: the open documents are the set, as the files of one CLI run are.
      const namespace = memoryUri('tenant.yaml');
      const policies = memoryUri('tenant-policies.yaml');
      await client.open(namespace, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n');
      await client.open(policies, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: tenant-a\n');
      const before = await client.pullDiagnostics(namespace);
      assert.ok(before.items.some((d) => d.code === 'namespace-network-policy'));
      await client.pullDiagnostics(policies);

      const refreshed = client.nextRefresh();
      await client.replaceText(policies, 2, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: tenant-a\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
      await client.pullDiagnostics(policies);
      await refreshed;
      const after = await client.pullDiagnostics(namespace, before.resultId);
      assert.equal(after.kind, 'full');
      assert.ok(!after.items.some((d) => d.code === 'namespace-network-policy'), 'the policy now exists');
      assert.deepEqual(await client.pullDiagnostics(namespace, after.resultId), { kind: 'unchanged', resultId: after.resultId });
    } finally {
      await client.stop();
    }
  });
});
