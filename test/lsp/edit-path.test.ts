/**
 * What the server does on every edit of a large file, apart from the engine: diagnostics reused
 * between versions, the encoder that writes them (the same bytes as JSON.stringify), and the
 * memory it gives back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index.js';
import { findingDiagnostic, findingDiagnostics, type DiagnosticsBefore } from '../../server/src/lsp/diagnostics.js';
import { MemoryRelease } from '../../server/src/lsp/memory.js';
import { diagnosticsEncoder } from '../../server/src/lsp/message-encoder.js';
import { oneWritePerMessage } from '../../server/src/lsp/message-stream.js';
import { Writable } from 'node:stream';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import { ALL_RULES } from '../../server/src/rules/index.js';
import type { Message } from 'vscode-languageserver/node';
import { fc } from '../support/property.js';

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

function diagnosticsOf(text: string, before?: DiagnosticsBefore) {
  const document = TextDocument.create('file:///m.yaml', 'yaml', 1, text);
  const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings;
  return { text, document, findings, diagnostics: findingDiagnostics(document, findings, before) };
}

describe('findingDiagnostics', () => {
  it('gives what converting each finding gives, and reuses the earlier diagnostics that read the same', () => {
    const before = diagnosticsOf(manifest(30));
    assert.deepEqual(before.diagnostics, before.findings.map((f) => findingDiagnostic(before.document, f)));
    // An edit in the tenth pod: its findings change, the others read as before.
    const after = diagnosticsOf(manifest(30, 10), before);
    assert.deepEqual(after.diagnostics, after.findings.map((f: Finding) => findingDiagnostic(after.document, f)));
    const reused = after.diagnostics.filter((d) => before.diagnostics.includes(d));
    assert.ok(reused.length > 0 && reused.length < after.diagnostics.length, `${reused.length} of ${after.diagnostics.length} reused`);
  });

  it('reuses nothing whose range moved: a line inserted above moves every diagnostic after it', () => {
    const before = diagnosticsOf(manifest(5));
    const after = diagnosticsOf(`# a comment\n${manifest(5)}`, before);
    assert.equal(after.diagnostics.filter((d) => before.diagnostics.includes(d)).length, 0);
    assert.deepEqual(after.diagnostics, after.findings.map((f: Finding) => findingDiagnostic(after.document, f)));
  });

  it('reuses the diagnostics before and after a change within a line as they are, without converting them again', () => {
    const before = diagnosticsOf(manifest(30));
    const text = before.text.replace('  name: p12\n', '  name: p12 # edited\n');
    const document = TextDocument.create('file:///m.yaml', 'yaml', 2, text);
    const findings = analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings;
    // Converting a finding asks the document for positions: none is asked for.
    let asked = 0;
    const positionAt = document.positionAt.bind(document);
    document.positionAt = (offset) => (asked++, positionAt(offset));
    const diagnostics = findingDiagnostics(document, findings, before);
    document.positionAt = positionAt;
    assert.deepEqual(diagnostics, findings.map((f) => findingDiagnostic(document, f)));
    assert.equal(asked, 0);
    assert.equal(diagnostics.filter((d, i) => d === before.diagnostics[i]).length, diagnostics.length);
  });

  it('moves the diagnostics after a change that adds or removes lines, and gives what converting each finding gives after random edits', () => {
    const lineEdits: readonly ((line: string) => string)[] = [
      (line) => `${line} # edited`,
      (line) => `${line}\n# a comment`,
      (line) => `${line}\n\n`,
      () => '',
      (line) => line.replace('image: nginx', 'image: nginx:1.27'),
      (line) => line.replace(/^(\s*)- name: app/, '$1- name: renamed'),
      (line) => `${line}\r`,
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(lineEdits.length - 1)), { minLength: 1, maxLength: 8 }), fc.boolean(), (steps, crlf) => {
        let previous = diagnosticsOf(crlf ? manifest(8).replaceAll('\n', '\r\n') : manifest(8));
        for (const [at, which] of steps) {
          const lines = previous.text.split('\n');
          const line = at % lines.length;
          lines[line] = lineEdits[which]!(lines[line]!);
          const next = diagnosticsOf(lines.join('\n'), previous);
          assert.deepEqual(next.diagnostics, next.findings.map((f: Finding) => findingDiagnostic(next.document, f)));
          previous = next;
        }
      }),
      { numRuns: 150 },
    );
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

  it('copies the diagnostics the last message sent in the same order, and writes the same bytes whatever changed in between', async () => {
    const own = diagnosticsEncoder();
    const { diagnostics } = diagnosticsOf(manifest(40));
    const fresh = (d: (typeof diagnostics)[number], n: number) => ({ ...d, message: `${d.message} ✓ ${n}` });
    fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(diagnostics.length - 1), fc.nat(3)), { maxLength: 12 }), fc.nat(99), async (changes, version) => {
        const list: unknown[] = [...diagnostics];
        for (const [at, how] of changes) {
          if (how === 0) list.splice(at % (list.length + 1), 0, fresh(diagnostics[at]!, at));
          else if (how === 1) list.splice(at % list.length, 1);
          else if (how === 2) list[at % list.length] = fresh(diagnostics[at]!, at);
          else list.push(diagnostics[at]);
        }
        const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m.yaml', version, diagnostics: list } };
        // Twice: the second message copies all of the first.
        for (let round = 0; round < 2; round++) assert.equal(Buffer.from(await own.encode(message as unknown as Message, { charset: 'utf-8' })).toString('utf8'), JSON.stringify(message));
      }),
      { numRuns: 200 },
    );
  });
});

describe('oneWritePerMessage', () => {
  it("writes each message's header and content in one write, the same bytes in the same order", async () => {
    const writes: Buffer[][] = [];
    const sink = new Writable({
      writev(chunks, done) {
        writes.push(chunks.map((c) => Buffer.from(c.chunk as Buffer)));
        done();
      },
      write(chunk, _encoding, done) {
        writes.push([Buffer.from(chunk as Buffer)]);
        done();
      },
    });
    const writer = new StreamMessageWriter(oneWritePerMessage(sink), { contentTypeEncoder: diagnosticsEncoder() });
    const { diagnostics } = diagnosticsOf(manifest(40));
    const messages = [
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///m.yaml', version: 2, diagnostics } },
      { jsonrpc: '2.0', id: 1, result: null },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ünïcode ✓' } },
    ];
    for (const message of messages) await writer.write(message as unknown as Message);
    const framed = (m: unknown) => `Content-Length: ${Buffer.byteLength(JSON.stringify(m))}\r\n\r\n${JSON.stringify(m)}`;
    assert.equal(Buffer.concat(writes.flat()).toString('utf8'), messages.map(framed).join(''));
    // One write per message, of its header and its content.
    assert.deepEqual(writes.map((chunks) => chunks.length), [2, 2, 2]);
    writer.dispose();
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
