/**
 * The quick-fix menu and hover when findings stack on one line: fixes first (safe before
 * unsafe), then "fix all", then ignoring, then documentation; one "fix all auto-fixable
 * problems" entry whose edit is computed on `codeAction/resolve`; a hover of one line per
 * finding. And a code action request in a 300 KB manifest, of many documents or of one, answers
 * within 50 ms.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG, fixAll } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri } from '../support/lsp-client.js';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0
          securityContext:
            privileged: false
`;
const API = deployment('api');
/** The line of `- name: api`, where five findings stack. */
const NAME_LINE = 13;

/** A client that resolves code actions' edits, as VS Code does. */
const RESOLVING_CLIENT = {
  ...BASIC_CAPABILITIES,
  textDocument: {
    ...BASIC_CAPABILITIES.textDocument,
    codeAction: { ...BASIC_CAPABILITIES.textDocument!.codeAction, resolveSupport: { properties: ['edit'] }, dataSupport: true },
  },
};

describe('LSP quick-fix menu with stacked findings', () => {
  let client: LspTestClient;
  const uri = memoryUri('api.yaml');
  let stacked: Diagnostic[];

  before(async () => {
    client = await LspTestClient.start({ capabilities: RESOLVING_CLIENT });
    await client.open(uri, API);
    stacked = (await client.currentDiagnostics(uri)).filter((d) => d.range.start.line === NAME_LINE);
    assert.ok(stacked.length >= 4, `findings stacked on the container name: ${stacked.map((d) => d.code).join()}`);
  });
  after(() => client.stop());

  it('lists fixes first, safe before unsafe, then fix-all, then ignore, then documentation', async () => {
    const actions = (await client.codeActions(uri, stacked[0]!.range, stacked)) as CodeAction[];
    const kindOf = (a: CodeAction): string =>
      a.title.startsWith('Ignore ') ? 'ignore' : a.title.startsWith('Show documentation') ? 'docs' : a.title.startsWith('Fix all') ? 'fix-all' : a.isPreferred ? 'safe' : 'unsafe';
    const kinds = actions.map(kindOf);
    const order = ['safe', 'unsafe', 'fix-all', 'ignore', 'docs'];
    const ranks = kinds.map((k) => order.indexOf(k));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), kinds.join(' '));
    assert.ok(kinds.includes('safe') && kinds.includes('unsafe'), 'privilege-escalation offers a safe fix, capabilities-drop-all an unsafe one');
    assert.equal(actions.filter((a) => a.title === 'Fix all auto-fixable problems in this file').length, 1);
    assert.equal(new Set(actions.map((a) => a.title)).size, actions.length, 'no row twice');
  });

  it('computes "fix all" only when it is chosen (codeAction/resolve)', async () => {
    const actions = (await client.codeActions(uri, stacked[0]!.range, stacked)) as CodeAction[];
    const fixAllRow = actions.find((a) => a.title === 'Fix all auto-fixable problems in this file')!;
    assert.equal(fixAllRow.edit, undefined);
    const resolved = (await client.request('codeAction/resolve', fixAllRow)) as CodeAction;
    assert.equal(client.applied(uri, resolved.edit), fixAll(API, ALL_RULES, DEFAULT_CONFIG).text);
  });

  it('shows stacked findings in the hover one line each, with the details of the most severe', async () => {
    const hover = await client.hover(uri, { line: NAME_LINE, character: 12 });
    assert.ok(hover);
    const text = hover.contents.value;
    const rows = text.split('\n').filter((line) => line.startsWith('- '));
    assert.equal(rows.length, stacked.length, text);
    assert.match(rows[0]!, /^- error: /);
    assert.equal(text.split('\n---\n').length, 2, 'one details section');
    assert.ok(text.split('\n').length < 20, `a short hover:\n${text}`);
  });
});

/** A pod of `count` privileged containers, one document of about 300 KB when `count` is 3,600. */
function widePod(count: number): string {
  let text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\nspec:\n  containers:\n';
  for (let i = 0; i < count; i++) text += `    - name: c${i}\n      image: example.com/c:1.0.0\n      securityContext:\n        privileged: true\n`;
  return text;
}

for (const [what, manifest] of [
  ['300 KB of documents', () => {
    let text = '';
    for (let i = 0; text.length < 300 * 1024; i++) text += `${i ? '---\n' : ''}${deployment(`app-${i}`)}`;
    return text;
  }],
  ['one document of 300 KB', () => widePod(3600)],
] as const) {
  describe(`LSP code actions in ${what}`, () => {
    let client: LspTestClient;
    const uri = memoryUri('large.yaml');
    const text = manifest();

    before(async () => {
      client = await LspTestClient.start({ capabilities: RESOLVING_CLIENT });
      await client.open(uri, text);
    });
    after(() => client.stop());

    it('answers a code action request in under 50 ms', async (t) => {
      assert.ok(text.length >= 300 * 1024, `${text.length} bytes`);
      const diagnostics = await client.currentDiagnostics(uri);
      const middle = Math.floor(text.split('\n').length / 2);
      const line = diagnostics.find((d) => d.range.start.line >= middle)!.range.start.line;
      const here = diagnostics.filter((d) => d.range.start.line === line);
      const request = () => client.codeActions(uri, here[0]!.range, here) as Promise<CodeAction[]>;
      await request(); // the first request may compile code paths
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const actions = await request();
        times.push(performance.now() - started);
        assert.ok(actions.some((action) => action.title.startsWith('Ignore ')), actions.map((action) => action.title).join(' | '));
      }
      const median = times.sort((a, b) => a - b)[2]!;
      t.diagnostic(`${(text.length / 1024).toFixed(0)} KB, ${diagnostics.length} diagnostics: median ${median.toFixed(1)} ms`);
      assert.ok(median < 50, `median ${median.toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`);
    });
  });
}
