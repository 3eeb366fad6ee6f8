/**
 * `kubeAegis.maxProblemsPerFile`: a file with more findings than the limit shows that many, the
 * most severe first, after a notice that gives the total; raising the limit shows them all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient, memoryUri, messageOf } from '../support/lsp-client.js';
import { WEB } from '../support/web-fixture.js';

const NOTICE = 'max-problems';
const key = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}:${String(d.code)}:${messageOf(d)}`;

describe('LSP maxProblemsPerFile', () => {
  it('shows the most severe findings up to the limit, says how many there are, and shows all once the limit is raised', async () => {
    const client = await LspTestClient.start({ settings: { maxProblemsPerFile: 4 } });
    try {
      const uri = memoryUri('limited.yaml');
      await client.open(uri, WEB);
      const limited = (await client.waitForDiagnostics(uri)).diagnostics;
      await client.setSettings({ maxProblemsPerFile: 5000 }, false);
      const all = (await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === NOTICE))).diagnostics;
      assert.ok(all.length > 4, `the fixture has ${all.length} findings, more than the limit`);
      const [notice, ...shown] = limited;
      assert.equal(notice!.code, NOTICE);
      assert.deepEqual(notice!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.match(messageOf(notice!), new RegExp(`This file has ${all.length} findings; the 4 most severe are shown`));
      assert.equal(shown.length, 4);
      // Every shown diagnostic is one of the file's, in the file's order, and none left out is more severe than one shown.
      const allKeys = all.map(key);
      const positions = shown.map((d) => allKeys.indexOf(key(d)));
      assert.ok(positions.every((p) => p >= 0), 'shown diagnostics are the file\'s own');
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
      const hidden = all.filter((d) => !shown.some((s) => key(s) === key(d)));
      const leastSevereShown = Math.max(...shown.map((d) => d.severity!));
      assert.ok(hidden.every((d) => d.severity! >= leastSevereShown), 'no finding left out is more severe than one shown');
    } finally {
      await client.stop();
    }
  });
});
