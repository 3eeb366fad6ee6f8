/**
 * Charts in the editor: rendered in the background with the real helm, findings on the values
 * lines, refreshed from unsaved buffers; never rendered in Restricted Mode.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspTestClient } from '../support/lsp-client.js';
import { ROOT } from '../support/paths.js';
import { renderBinaries } from '../support/render-binaries.js';

const CHART = join(ROOT, 'test', 'render', 'fixtures', 'helm-values');

function workspaceWithChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-lsp-chart-'));
  cpSync(CHART, join(dir, 'chart'), { recursive: true });
  writeFileSync(join(dir, '.kube-aegis.yaml'), `render:\n  helm: ${JSON.stringify(renderBinaries().helm)}\n`);
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const rulesOf = (params: PublishDiagnosticsParams) => params.diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();

describe('LSP: Helm charts rendered in the background', () => {
  it('reports on values.yaml, and an unsaved edit of values.yaml changes the findings', async () => {
    const dir = workspaceWithChart();
    const client = await LspTestClient.start({ rootPath: dir, initializationOptions: { debounceMs: 0 } });
    after(() => client.stop());
    const valuesPath = join(dir, 'chart', 'values.yaml');
    const uri = pathToFileURL(valuesPath).href;
    const text = readFileSync(valuesPath, 'utf8');
    await client.open(uri, text);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'privileged-container'));
    assert.ok(rulesOf(first).includes('4 privileged-container'), rulesOf(first).join(', '));
    assert.ok(first.diagnostics.every((d) => /rendered by chart chart with values\.yaml/.test(typeof d.message === 'string' ? d.message : d.message.value)));

    // Not saved: the render runs on a copy holding the buffer's text.
    await client.replaceText(uri, 2, text.replace('privileged: true', 'privileged: false'));
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'privileged-container'));
    assert.ok(second.diagnostics.some((d) => d.code === 'capabilities-drop-all'), rulesOf(second).join(', '));
    assert.equal(readFileSync(valuesPath, 'utf8'), text, 'the file on disk is untouched');

    const lenses = await client.codeLenses(pathToFileURL(join(dir, 'chart', 'Chart.yaml')).href);
    assert.match(lenses[0]?.command?.title ?? '', /^Kube Aegis: rendered \(values\.yaml\) at .*, \d+ findings/);
  });

  it('never renders in an untrusted workspace, and says why on Chart.yaml', async () => {
    const dir = workspaceWithChart();
    const client = await LspTestClient.start({ rootPath: dir, initializationOptions: { debounceMs: 0, workspaceTrusted: false } });
    after(() => client.stop());
    const chartUri = pathToFileURL(join(dir, 'chart', 'Chart.yaml')).href;
    await client.open(chartUri, readFileSync(join(dir, 'chart', 'Chart.yaml'), 'utf8'));
    const diagnostics = await client.waitForDiagnostics(chartUri);
    assert.deepEqual(diagnostics.diagnostics, []);
    const lenses = await client.codeLenses(chartUri);
    assert.match(lenses[0]?.command?.title ?? '', /not trusted \(Restricted Mode\)/);
  });
});
