/**
 * Hostile input opened in the editor: the language server answers each with a clear diagnostic
 * or nothing, within a bound, and keeps serving other documents afterwards. (The engine-level
 * checks of the same inputs, with time and heap bounds, are in test/engine/hostile.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aliasBomb, deepNesting, hugeDocument, manyDocuments } from '../support/hostile-inputs.js';
import { LspTestClient, memoryUri } from '../support/lsp-client.js';
import { WEB } from '../support/web-fixture.js';

/** Generous: the largest input takes a few seconds to check on a busy two-core machine. */
const BOUND_MS = 30_000;

describe('LSP server on hostile input', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client.stop();
  });

  const cases: readonly { name: string; text: string; expect: (codes: string[]) => void }[] = [
    { name: 'alias-bomb.yaml', text: aliasBomb(), expect: (codes) => assert.ok(codes.includes('privileged-container'), codes.join()) },
    { name: 'huge.yaml', text: hugeDocument(6_000_000), expect: (codes) => assert.deepEqual(codes, ['document-skipped']) },
    // Checked in full: the time budget is per document (ConfigMaps: nothing to report).
    { name: 'many.yaml', text: manyDocuments(50_000), expect: (codes) => assert.deepEqual(codes, []) },
    { name: 'deep.yaml', text: deepNesting(200, 'flow'), expect: (codes) => assert.ok(codes.includes('privileged-container'), codes.join()) },
    { name: 'binary.yaml', text: 'apiVersion: v1\u0000\u0001\u0002kind: Pod\n', expect: (codes) => assert.deepEqual(codes, ['document-skipped']) },
    // A stray byte that is not UTF-8 (read as U+FFFD) leaves the rest of the text to check.
    { name: 'latin1.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\uFFFD\nspec:\n  containers:\n    - {name: a, image: a, securityContext: {privileged: true}}\n', expect: (codes) => assert.ok(codes.includes('privileged-container'), codes.join()) },
    { name: 'lone.yaml', text: '---\n', expect: (codes) => assert.deepEqual(codes, []) },
    { name: 'empty.yaml', text: '', expect: (codes) => assert.deepEqual(codes, []) },
  ];

  for (const { name, text, expect } of cases) {
    it(`${name}: diagnosed or left alone, within the bound`, async () => {
      const uri = memoryUri(`hostile-${name}`);
      await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1, BOUND_MS);
      expect(published.diagnostics.map((d) => String(d.code)));
      await client.close(uri);
    });
  }

  it('still serves an ordinary manifest afterwards', async () => {
    const uri = memoryUri('after-hostile.yaml');
    await client.open(uri, WEB);
    const diagnostics = await client.currentDiagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'privileged-container'));
    const hover = await client.hover(uri, diagnostics.find((d) => d.code === 'privileged-container')!.range.start);
    assert.ok(hover?.contents.value.includes('privileged-container'));
  });
});
