/** `kubeAegis/scanFiles`: the workspace scan analyses files that are not open and pushes their diagnostics. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { analyzeText, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { SCAN_FILES_METHOD, type ScanFilesResult } from '../../server/src/lsp/scan-protocol.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { BASIC_CAPABILITIES, LspTestClient, summary } from '../support/lsp-client.js';
import { ofWebRules, WEB, WEB_FINDINGS } from '../support/web-fixture.js';

/** What the engine finds in WEB with the default profile (the scan must report exactly that). */
const WEB_FINDING_COUNT = analyzeText(WEB, ALL_RULES, DEFAULT_CONFIG).findings.length;
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: strict\n';

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

  it('pushes the diagnostics of files on disk and says how many it analysed', async () => {
    const published = client.waitForDiagnostics(uriOf('web.yaml'));
    const uris = ['web.yaml', 'settings.yml', '.kube-aegis.yaml', 'missing.yaml'].map(uriOf);
    const result = (await client.request(SCAN_FILES_METHOD, { uris })) as ScanFilesResult;
    assert.deepEqual(result, { scanned: 2, findings: WEB_FINDING_COUNT });
    const diagnostics = (await published).diagnostics;
    assert.equal(diagnostics.length, WEB_FINDING_COUNT);
    assert.deepEqual(summary(ofWebRules(diagnostics)), WEB_FINDINGS);
    assert.deepEqual((await client.waitForDiagnostics(uriOf('settings.yml'))).diagnostics, []);
  });

  it('clears a scanned file\'s pushed diagnostics once it is opened (the editor pulls them from then on)', async () => {
    const cleared = client.waitForDiagnostics(uriOf('web.yaml'), (params) => params.diagnostics.length === 0);
    await client.open(uriOf('web.yaml'), WEB);
    await cleared;
    assert.equal((await client.pullDiagnostics(uriOf('web.yaml'))).items.length, WEB_FINDING_COUNT);
  });
});
