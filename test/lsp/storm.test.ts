/**
 * The language server under a storm: a burst of 1,000 changes to a 10k-line manifest, hundreds of
 * files opened and closed. It keeps answering requests, publishes only what is current, clears
 * every closed file, and gives its memory back once the documents are closed. The server runs
 * with a preload (test/support/heap-probe.cjs) that reports its live heap after a full collection.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver/node';
import { generateManifests } from '../bench/manifests.js';
import { HEAP_PROBE_ARGS, LSP_FIXTURES, LspTestClient, memoryUri } from '../support/lsp-client.js';
import { residentMB } from '../support/process-memory.js';

const WEB = readFileSync(join(LSP_FIXTURES, 'web.yaml'), 'utf8');
const BURST = 1000;
const FILES = 200;
/** Generous: a request waits behind the whole burst on a busy two-core machine. */
const RESPONSE_BOUND_MS = 10_000;
/**
 * What the server may keep after every document closed, over its memory before the storm: its
 * resident memory (V8 keeps heap it grew into; generous), and its live heap after a full
 * collection (tight: the 10k-line file alone holds about 5 MB).
 */
const RESIDENT_SLACK_MB = 60;
const LIVE_HEAP_SLACK_MB = 3;
/** Long enough that a burst sent in one go is checked once, at its end. */
const DEBOUNCE_MS = 200;

/** The range of the value of the `privileged: false` line nearest the middle of `text`. */
function middlePrivilegedValue(text: string): Range {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, i) => (/^\s+privileged: false$/.test(line) ? [i] : []));
  const line = candidates[Math.floor(candidates.length / 2)]!;
  const character = lines[line]!.indexOf('false');
  return { start: { line, character }, end: { line, character: character + 'false'.length } };
}

async function timedMs<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

const versionsOf = (published: readonly PublishDiagnosticsParams[]) => published.map((p) => p.version);

describe('LSP server under a storm', () => {
  let client: LspTestClient;
  let baselineResidentMB: number | undefined;
  let baselineLiveHeapMB: number;

  before(async () => {
    client = await LspTestClient.start({ initializationOptions: { debounceMs: DEBOUNCE_MS }, serverArgs: HEAP_PROBE_ARGS });
    // Warm up every path the storm takes, so that the baseline holds the server's compiled code too.
    const warmUp = memoryUri('storm-warm-up.yaml');
    await client.open(warmUp, WEB);
    await client.currentDiagnostics(warmUp);
    const top: Position = { line: 0, character: 0 };
    await client.change(warmUp, 2, [{ range: { start: top, end: top }, text: '# warming up\n' }]);
    const diagnostics = await client.currentDiagnostics(warmUp);
    await client.hover(warmUp, diagnostics[0]!.range.start);
    await client.codeActions(warmUp, diagnostics[0]!.range, diagnostics);
    await client.close(warmUp);
    await client.waitForDiagnostics(warmUp, (p) => p.version === undefined);
    baselineResidentMB = residentMB(client.serverPid);
    baselineLiveHeapMB = await client.liveHeapMB();
  });
  after(() => client.stop());

  it('answers requests during a burst of 1,000 changes to a 10k-line file and publishes only its final version', async (t) => {
    const uri = memoryUri('storm-burst.yaml');
    const text = generateManifests(10_000);
    const value = middlePrivilegedValue(text);
    await client.open(uri, text);
    const opened = await client.currentDiagnostics(uri);
    const before = client.published.get(uri)!.length;

    // Toggle one container between privileged and not; the burst ends on privileged (odd version).
    const lastVersion = BURST + 1;
    const sent: Promise<void>[] = [];
    const hoverAt: Position = value.start;
    let duringBurst: Promise<{ value: unknown; ms: number }> | undefined;
    for (let version = 2; version <= lastVersion; version++) {
      sent.push(client.change(uri, version, [{ range: value, text: version % 2 === 1 ? 'true ' : 'false' }]));
      if (version === BURST / 2) duringBurst = timedMs(client.hover(uri, hoverAt));
    }
    await Promise.all(sent);
    const hoverDuring = await duringBurst!;
    const actionsAfter = await timedMs(client.codeActions(uri, value, []));
    const final = await client.waitForDiagnostics(uri, (p) => p.version === lastVersion, 60_000);
    t.diagnostic(`hover during the burst: ${hoverDuring.ms.toFixed(0)} ms; code actions after it: ${actionsAfter.ms.toFixed(0)} ms`);
    assert.ok(hoverDuring.ms < RESPONSE_BOUND_MS, `hover during the burst took ${hoverDuring.ms.toFixed(0)} ms`);
    assert.ok(actionsAfter.ms < RESPONSE_BOUND_MS, `code actions after the burst took ${actionsAfter.ms.toFixed(0)} ms`);
    assert.ok(Array.isArray(actionsAfter.value));

    // The final text has one privileged container more than the opened one, at the toggled line.
    assert.equal(final.diagnostics.length, opened.length + 1);
    assert.ok(final.diagnostics.some((d) => d.code === 'privileged-container' && d.range.start.line === value.start.line));

    // A later version is the barrier: anything stale would have been published before it.
    await client.change(uri, lastVersion + 1, [{ range: value, text: 'false' }]);
    await client.currentDiagnostics(uri);
    const versions = versionsOf(client.published.get(uri)!.slice(before));
    t.diagnostic(`versions published from the burst on: ${JSON.stringify(versions)}`);
    assert.equal(versions.at(-2), lastVersion);
    assert.equal(versions.at(-1), lastVersion + 1);
    assert.ok(versions.every((version, i) => i === 0 || version! > versions[i - 1]!), `versions only grow: ${JSON.stringify(versions)}`);
    // The debounce coalesces the burst; an earlier version shows only if the server stalled mid-burst.
    assert.ok(versions.length - 1 <= BURST / 100, `versions published: ${JSON.stringify(versions)}`);
    await client.close(uri);
    await client.waitForDiagnostics(uri, (p) => p.version === undefined && p.diagnostics.length === 0);
  });

  it('clears the diagnostics of every closed file, checked or not, and publishes nothing for it afterwards', async () => {
    const uris = Array.from({ length: FILES }, (_, i) => memoryUri(`storm-file-${i}.yaml`));
    // Half are checked before they close; the other half close while their check is pending.
    const checked = uris.slice(0, FILES / 2);
    const racing = uris.slice(FILES / 2);
    await Promise.all(checked.map((uri) => client.open(uri, WEB)));
    await Promise.all(checked.map((uri) => client.currentDiagnostics(uri)));
    for (const uri of racing) {
      await client.open(uri, WEB);
      await client.close(uri);
    }
    await Promise.all(checked.map((uri) => client.close(uri)));
    await Promise.all(uris.map((uri) => client.waitForDiagnostics(uri, (p) => p.version === undefined)));

    // A document opened after every close is the barrier: its diagnostics come after any late publish.
    const barrier = memoryUri('storm-barrier.yaml');
    await client.open(barrier, WEB);
    await client.currentDiagnostics(barrier);
    await client.close(barrier);
    for (const uri of uris) {
      const last = client.published.get(uri)!.at(-1)!;
      assert.deepEqual([last.version, last.diagnostics], [undefined, []], `${uri}: ${JSON.stringify(versionsOf(client.published.get(uri)!))}`);
    }
  });

  it('gives its memory back once every document is closed', async (t) => {
    const liveHeapMB = await client.liveHeapMB();
    t.diagnostic(`live heap: ${baselineLiveHeapMB.toFixed(1)} MB before the storm, ${liveHeapMB.toFixed(1)} MB after it`);
    assert.ok(liveHeapMB <= baselineLiveHeapMB + LIVE_HEAP_SLACK_MB, `live heap ${liveHeapMB.toFixed(1)} MB after closing everything, ${baselineLiveHeapMB.toFixed(1)} MB before`);
    const afterMB = residentMB(client.serverPid);
    if (baselineResidentMB === undefined || afterMB === undefined) return t.skip('no /proc to read the resident memory of the server');
    t.diagnostic(`resident memory: ${baselineResidentMB.toFixed(0)} MB before the storm, ${afterMB.toFixed(0)} MB after it`);
    assert.ok(afterMB <= baselineResidentMB + RESIDENT_SLACK_MB, `${afterMB.toFixed(0)} MB resident after closing everything, ${baselineResidentMB.toFixed(0)} MB before`);
  });
});
