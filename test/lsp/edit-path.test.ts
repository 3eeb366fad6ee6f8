/**
 * What the server does on every edit of a large file, apart from the engine: diagnostics reused
 * between versions, the encoder that writes them (the same bytes as JSON.stringify), and the
 * memory it gives back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index.js';
import { findingDiagnostic, findingDiagnostics } from '../../server/src/lsp/diagnostics.js';
import { MemoryRelease } from '../../server/src/lsp/memory.js';
import { diagnosticsEncoder } from '../../server/src/lsp/message-encoder.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import type { Message } from 'vscode-languageserver/node';

const pod = (name: string, container = 'app', extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: ${container}
      image: nginx${extra}
`;
/** `edited`: that pod's container is renamed (its findings name it) and its image line gets `extra`. */
const manifest = (count: number, edited?: number, extra = ' # ünïcode ✓') =>
  Array.from({ length: count }, (_, i) => (i === edited ? pod(`p${i}`, 'renamed', extra) : pod(`p${i}`))).join('---\n');

function diagnosticsOf(text: string, previous?: ReturnType<typeof findingDiagnostics>) {
  const document = TextDocument.create('file:///m.yaml', 'yaml', 1, text);
  const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings;
  return { document, findings, diagnostics: findingDiagnostics(document, findings, previous) };
}

describe('findingDiagnostics', () => {
  it('gives what converting each finding gives, and reuses the earlier diagnostics that read the same', () => {
    const before = diagnosticsOf(manifest(30));
    assert.deepEqual(before.diagnostics, before.findings.map((f) => findingDiagnostic(before.document, f)));
    // An edit in the tenth pod: its findings change, the others read as before.
    const after = diagnosticsOf(manifest(30, 10), before.diagnostics);
    assert.deepEqual(after.diagnostics, after.findings.map((f: Finding) => findingDiagnostic(after.document, f)));
    const reused = after.diagnostics.filter((d) => before.diagnostics.includes(d));
    assert.ok(reused.length > 0 && reused.length < after.diagnostics.length, `${reused.length} of ${after.diagnostics.length} reused`);
  });

  it('reuses nothing whose range moved: a line inserted above moves every diagnostic after it', () => {
    const before = diagnosticsOf(manifest(5));
    const after = diagnosticsOf(`# a comment\n${manifest(5)}`, before.diagnostics);
    assert.equal(after.diagnostics.filter((d) => before.diagnostics.includes(d)).length, 0);
    assert.deepEqual(after.diagnostics, after.findings.map((f: Finding) => findingDiagnostic(after.document, f)));
  });
});

describe('diagnosticsEncoder', () => {
  const encoder = diagnosticsEncoder();
  const encode = async (message: unknown) => Buffer.from(await encoder.encode(message as Message, { charset: 'utf-8' })).toString('utf8');

  it('writes the bytes JSON.stringify writes, for pushed and pulled diagnostics, large lists or small', async () => {
    const { diagnostics } = diagnosticsOf(manifest(40, 3, ' # "quoted" \\ ünïcode ✓ 😀'));
    assert.ok(diagnostics.length >= 32);
    const messages = [
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m%20x.yaml', version: 7, diagnostics } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m.yaml', diagnostics: diagnostics.slice(0, 3) } },
      { jsonrpc: '2.0', id: 4, result: { kind: 'full', resultId: 'a-1', items: diagnostics } },
      { jsonrpc: '2.0', id: 5, result: { kind: 'unchanged', resultId: 'a-1' } },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ready ✓' } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m.yaml', diagnostics: [...diagnostics, { ...diagnostics[0]!, message: 'ünïcode ✓ 😀 "q" \\ \n\u0001' }, undefined, null, 'x'] } },
    ];
    // Twice: the second time, the diagnostics' JSON comes from the encoder's memory of them.
    for (let round = 0; round < 2; round++) for (const message of messages) assert.equal(await encode(message), JSON.stringify(message));
  });

  it('grows its buffer for a message larger than any before, and still writes it whole', async () => {
    const { diagnostics } = diagnosticsOf(manifest(40));
    const small = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.yaml', diagnostics } };
    assert.equal(await encode(small), JSON.stringify(small));
    const many = Array.from({ length: 60 }, () => diagnostics).flat();
    const large = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.yaml', diagnostics: many } };
    assert.equal(await encode(large), JSON.stringify(large));
  });
});

describe('MemoryRelease', () => {
  const MB = 1024 * 1024;

  it('collects once the large objects grew past the budget since the last collection, and once idle', async () => {
    let largeObjects = 10 * MB;
    let collections = 0;
    const memory = new MemoryRelease({
      collect: () => {
        collections++;
        largeObjects = 10 * MB;
      },
      growthBytes: 16 * MB,
      idleMs: 50,
      used: () => ({ largeObjects, heap: 20 * MB }),
    });
    largeObjects += 8 * MB;
    memory.checked();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collections, 0, 'within the budget');
    largeObjects += 10 * MB;
    memory.checked();
    assert.equal(collections, 0, 'never while the check is being answered');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collections, 1, 'past the budget: right after');
    largeObjects += 1 * MB;
    memory.checked();
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(collections, 2, 'the edits stopped: what they left is collected');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(collections, 2, 'nothing checked since: nothing to collect');
    memory.dispose();
  });

  it('leaves a large heap more room (half of it), so a large workspace is not collected at every edit', async () => {
    let largeObjects = 0;
    let collections = 0;
    const memory = new MemoryRelease({ collect: () => collections++, growthBytes: 16 * MB, idleMs: 10_000, used: () => ({ largeObjects, heap: 400 * MB }) });
    largeObjects = 100 * MB;
    memory.checked();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collections, 0);
    largeObjects = 201 * MB;
    memory.checked();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(collections, 1);
    memory.dispose();
  });

  it('does nothing in a process that cannot collect', () => {
    const memory = new MemoryRelease({ used: () => ({ largeObjects: 1e12, heap: 0 }) });
    assert.equal(memory.active, false);
    memory.checked();
    memory.dispose();
  });
});
