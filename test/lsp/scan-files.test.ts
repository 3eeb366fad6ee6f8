/** `kubeAegis/scanFiles`: the workspace scan analyses files that are not open and pushes their diagnostics. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { analyzeSet, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { SCAN_FILES_METHOD, type ScanFilesResult } from '../../server/src/lsp/scan-protocol.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { BASIC_CAPABILITIES, LspTestClient, summary } from '../support/lsp-client.js';
import { ofWebRules, WEB, WEB_FINDINGS } from '../support/web-fixture.js';

const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: strict\n';

/** The rule ids of WEB's findings once open, with the cross-file ones of this workspace, sorted. */
const WEB_IN_WORKSPACE = analyzeSet(
  [
    { key: 'web.yaml', text: WEB, config: DEFAULT_CONFIG },
    { key: 'settings.yml', text: CLEAN, config: DEFAULT_CONFIG },
  ],
  ALL_RULES,
  'workspace',
)
  .get('web.yaml')!
  .findings.map((f) => f.ruleId)
  .sort();

describe('LSP workspace scan (kubeAegis/scanFiles)', () => {
  let dir: string;
  let client: LspTestClient;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-aegis-scan-'));
    writeFileSync(join(dir, 'web.yaml'), WEB);
    writeFileSync(join(dir, 'settings.yml'), CLEAN);
    writeFileSync(join(dir, '.kube-aegis.yaml'), 'profile: default\n');
    // Like VS Code: the client pulls diagnostics for open documents, so only the scan pushes.
    client = await LspTestClient.start({
      rootPath: dir,
      capabilities: { ...BASIC_CAPABILITIES, textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes the diagnostics of files on disk, cross-file ones included, and says how many it analysed and which it skipped', async () => {
    const published = client.waitForDiagnostics(uriOf('web.yaml'));
    const uris = ['web.yaml', 'settings.yml', '.kube-aegis.yaml', 'missing.yaml'].map(uriOf);
    const result = (await client.request(SCAN_FILES_METHOD, { uris })) as ScanFilesResult;
    assert.deepEqual(result, { scanned: 2, findings: WEB_IN_WORKSPACE.length, skipped: [{ uri: uriOf('missing.yaml'), reason: 'unreadable (ENOENT)' }], configurationProblems: [] });
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(diagnostics.map((d) => String(d.code)).sort(), WEB_IN_WORKSPACE);
    assert.deepEqual(summary(ofWebRules(diagnostics)), WEB_FINDINGS);
    assert.deepEqual((await client.waitForDiagnostics(uriOf('settings.yml'))).diagnostics, []);
  });

  it('analyses JSON Lines files as ABAC policies', async () => {
    writeFileSync(join(dir, 'policy.jsonl'), '{"user":"alice","ns":"projectCaribou"}\n');
    const published = client.waitForDiagnostics(uriOf('policy.jsonl'));
    const result = (await client.request(SCAN_FILES_METHOD, { uris: [uriOf('policy.jsonl')] })) as ScanFilesResult;
    assert.deepEqual(result, { scanned: 1, findings: 1, skipped: [], configurationProblems: [] });
    assert.deepEqual(summary((await published).diagnostics), ['0:1-0:7 abac-legacy-format']);
  });

  it('clears a scanned file\'s pushed diagnostics once it is opened (the editor pulls them from then on)', async () => {
    const cleared = client.waitForDiagnostics(uriOf('web.yaml'), (params) => params.diagnostics.length === 0);
    await client.open(uriOf('web.yaml'), WEB);
    await cleared;
    const pulled = (await client.pullDiagnostics(uriOf('web.yaml'))).items;
    assert.deepEqual(pulled.map((d) => String(d.code)).sort(), WEB_IN_WORKSPACE);
  });
});
