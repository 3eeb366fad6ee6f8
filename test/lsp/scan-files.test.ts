/** `kubeAegis/scanFiles`: the workspace scan analyses files that are not open and pushes their diagnostics. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SCAN_FILES_METHOD, type ScanFilesResult } from '../../server/src/lsp/scan-protocol.js';
import { BASIC_CAPABILITIES, LSP_FIXTURES, LspTestClient, summary } from '../support/lsp-client.js';

const WEB = readFileSync(join(LSP_FIXTURES, 'web.yaml'), 'utf8');
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
    assert.deepEqual(result, { scanned: 2, findings: 3 });
    assert.deepEqual(summary((await published).diagnostics), ['10:4-10:8 run-as-non-root', '15:24-15:28 privileged-container', '19:24-19:28 privileged-container']);
    assert.deepEqual((await client.waitForDiagnostics(uriOf('settings.yml'))).diagnostics, []);
  });

  it('clears a scanned file\'s pushed diagnostics once it is opened (the editor pulls them from then on)', async () => {
    const cleared = client.waitForDiagnostics(uriOf('web.yaml'), (params) => params.diagnostics.length === 0);
    await client.open(uriOf('web.yaml'), WEB);
    await cleared;
    assert.equal((await client.pullDiagnostics(uriOf('web.yaml'))).items.length, 3);
  });
});
