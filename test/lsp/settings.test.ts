/** Settings (`kubeAegis.*`) and `.kube-aegis.yaml` over the protocol. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri, messageOf, summary } from '../support/lsp-client.js';
import { ofWebRules, WEB } from '../support/web-fixture.js';

/** The rule ids reported by the rules under test (the others report more on WEB), sorted. */
const codes = (p: PublishDiagnosticsParams) => ofWebRules(p.diagnostics).map((d) => String(d.code)).sort();
const BASELINE_ONLY = ['privileged-container', 'privileged-container'];
const ALL_THREE = ['privileged-container', 'privileged-container', 'run-as-non-root'];

describe('LSP settings', () => {
  it('reads the profile with workspace/configuration and re-checks when settings change', async () => {
    const client = await LspTestClient.start({ settings: { profile: 'baseline' } });
    try {
      const uri = memoryUri('profile.yaml');
      await client.open(uri, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri)), BASELINE_ONLY);
      // VS Code sends no settings along and expects them to be fetched again.
      await client.setSettings({ profile: 'default', rules: { 'privileged-container': 'off', 'run-as-non-root': 'error' } }, false);
      const changed = await client.waitForDiagnostics(uri, (p) => codes(p).join() === 'run-as-non-root');
      assert.equal(ofWebRules(changed.diagnostics)[0]!.severity, 1);
    } finally {
      await client.stop();
    }
  });

  it('takes settings pushed with didChangeConfiguration from a client without workspace/configuration', async () => {
    const client = await LspTestClient.start({ capabilities: { ...BASIC_CAPABILITIES, workspace: { workspaceEdit: { documentChanges: true } } } });
    try {
      const uri = memoryUri('pushed.yaml');
      await client.open(uri, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri)), ALL_THREE);
      await client.setSettings({ profile: 'baseline' });
      await client.waitForDiagnostics(uri, (p) => codes(p).join() === BASELINE_ONLY.join());
    } finally {
      await client.stop();
    }
  });

  it('leaves excluded files unchecked', async () => {
    const client = await LspTestClient.start({ settings: { exclude: ['**/generated/**'] } });
    try {
      const excluded = memoryUri('generated/web.yaml');
      await client.open(excluded, WEB);
      assert.deepEqual((await client.waitForDiagnostics(excluded)).diagnostics, []);
      const checked = memoryUri('web.yaml');
      await client.open(checked, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(checked)), ALL_THREE);
    } finally {
      await client.stop();
    }
  });

  it('checks on save only when run is onSave', async () => {
    const client = await LspTestClient.start({
      settings: { run: 'onSave' },
      capabilities: {
        ...BASIC_CAPABILITIES,
        textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: {} },
        workspace: { ...BASIC_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
      },
    });
    try {
      let refreshed!: () => void;
      const refresh = new Promise<void>((resolve) => (refreshed = resolve));
      client.connection.onRequest('workspace/diagnostic/refresh', () => refreshed());
      const uri = memoryUri('on-save.yaml');
      await client.open(uri, WEB);
      assert.equal(ofWebRules((await client.pullDiagnostics(uri)).items).length, 3);
      await client.change(uri, 2, [{ range: { start: { line: 15, character: 24 }, end: { line: 15, character: 28 } }, text: 'false' }]);
      assert.equal(ofWebRules((await client.pullDiagnostics(uri)).items).length, 3, 'unsaved changes are not checked');
      await client.save(uri);
      await refresh;
      assert.equal(ofWebRules((await client.pullDiagnostics(uri)).items).length, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('.kube-aegis.yaml in the workspace', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kube-aegis-lsp-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('applies the nearest configuration file above the document, and settings override it', async () => {
    const project = join(root, 'project');
    mkdirSync(join(project, 'apps', 'web'), { recursive: true });
    writeFileSync(join(project, '.kube-aegis.yaml'), 'profile: baseline\n');
    const manifest = join(project, 'apps', 'web', 'web.yaml');
    writeFileSync(manifest, WEB);
    const client = await LspTestClient.start({ rootPath: project });
    try {
      const uri = pathToFileURL(manifest).href;
      await client.open(uri, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri)), BASELINE_ONLY);
      await client.setSettings({ profile: 'restricted' }, false);
      await client.waitForDiagnostics(uri, (p) => codes(p).join() === ALL_THREE.join());
    } finally {
      await client.stop();
    }
  });

  it('registers for settings and configuration file changes, and re-checks when a file on disk changes', async () => {
    const project = join(root, 'watched');
    mkdirSync(project, { recursive: true });
    const manifest = join(project, 'web.yaml');
    writeFileSync(manifest, WEB);
    const client = await LspTestClient.start({
      rootPath: project,
      capabilities: {
        ...BASIC_CAPABILITIES,
        workspace: { ...BASIC_CAPABILITIES.workspace, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    try {
      const uri = pathToFileURL(manifest).href;
      await client.open(uri, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri)), ALL_THREE);
      assert.deepEqual(client.registrations.sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
      const config = join(project, '.kube-aegis.yaml');
      writeFileSync(config, 'rules:\n  privileged-container: off\n');
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).href, type: 1 }] });
      await client.waitForDiagnostics(uri, (p) => codes(p).join() === 'run-as-non-root');
    } finally {
      await client.stop();
    }
  });

  it('validates an open configuration file on its own lines, and its edits re-check open documents', async () => {
    const project = join(root, 'edited');
    mkdirSync(project, { recursive: true });
    const manifest = join(project, 'web.yaml');
    writeFileSync(manifest, WEB);
    const client = await LspTestClient.start({ rootPath: project });
    try {
      const uri = pathToFileURL(manifest).href;
      await client.open(uri, WEB);
      assert.deepEqual(codes(await client.waitForDiagnostics(uri)), ALL_THREE);

      const configUri = pathToFileURL(join(project, '.kube-aegis.yaml')).href;
      await client.open(configUri, 'profile: strict\nrules:\n  privileged-container: loud\n  no-such-rule: off\n');
      const problems = await client.waitForDiagnostics(configUri);
      assert.deepEqual(summary(problems.diagnostics), ['0:9-0:15 config', '2:24-2:28 config', '3:2-3:14 config']);
      assert.ok(problems.diagnostics.every((d) => d.source === 'kube-aegis' && d.severity === 1));
      assert.ok(problems.diagnostics.some((d) => messageOf(d).includes('unknown rule "no-such-rule"')));
      assert.ok(problems.diagnostics.some((d) => messageOf(d).includes('rules.privileged-container: must be equal to one of the allowed values')));

      await client.replaceText(configUri, 2, 'profile: baseline\n');
      assert.deepEqual((await client.currentDiagnostics(configUri)), []);
      await client.waitForDiagnostics(uri, (p) => codes(p).join() === BASELINE_ONLY.join());

      // Closed without saving: the file on disk (none) applies again.
      await client.close(configUri);
      await client.waitForDiagnostics(uri, (p) => codes(p).join() === ALL_THREE.join());
    } finally {
      await client.stop();
    }
  });
});
