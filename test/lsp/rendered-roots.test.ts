/**
 * Charts in the editor: rendered in the background with the real helm, findings on the values
 * lines, refreshed from unsaved buffers; never rendered in Restricted Mode.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example.com/api:1.0.0
`;
/** A strategic-merge patch: as a whole object it would miss a selector, limits, a securityContext... */
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            privileged: true
`;

/**
 * A repository where an overlay uses a base and a Component kept in folders of their own:
 * `overlays/prod` renders `base/deployment.yaml` with the patch of `components/privileged` in
 * namespace `shop`. Neither the base nor the Component is a root when the overlay is known.
 */
function repositoryWithOverlay(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-lsp-overlay-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'repo');
  const files: Record<string, string> = {
    '.kube-aegis.yaml': `render:\n  kustomize: ${JSON.stringify(renderBinaries().kubectl)}\n`,
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'base/deployment.yaml': DEPLOYMENT,
    'components/privileged/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: privileged.yaml\n',
    'components/privileged/privileged.yaml': PATCH,
    'overlays/prod/kustomization.yaml': 'namespace: shop\nresources:\n  - ../../base\ncomponents:\n  - ../../components/privileged\n',
    'elsewhere/README.md': 'The editor opens this folder.\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, name)), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  mkdirSync(join(repo, '.git'));
  return repo;
}

const messageOf = (d: PublishDiagnosticsParams['diagnostics'][number]) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('LSP: a file outside every root, used by a kustomization elsewhere in its repository', () => {
  it('checks a patch of a Component in the workspace through the overlay that uses it, not as a whole object', async () => {
    const repo = repositoryWithOverlay();
    // The workspace folder holds the Component; the overlay that uses it is outside.
    const client = await LspTestClient.start({ rootPath: join(repo, 'components'), initializationOptions: { debounceMs: 0 } });
    after(() => client.stop());
    const patchPath = join(repo, 'components', 'privileged', 'privileged.yaml');
    const uri = pathToFileURL(patchPath).href;
    await client.open(uri, PATCH);
    const found = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'privileged-container'));
    // Only what the patch writes lands on it (the privileged flag, and the fields its securityContext
    // block lacks, where they are to be added); what the rendered object misses elsewhere (limits,
    // a pod securityContext) belongs to the base, and a whole-object check would put it here.
    assert.ok(rulesOf(found).includes('11 privileged-container'), rulesOf(found).join(', '));
    assert.deepEqual(found.diagnostics.filter((d) => d.range.start.line < 9).map((d) => d.code), []);
    assert.ok(found.diagnostics.every((d) => /\[rendered by kustomization prod\]/.test(messageOf(d))), found.diagnostics.map(messageOf).join('\n'));

    // An unsaved edit of the patch renders the overlay again from a copy.
    await client.replaceText(uri, 2, PATCH.replace('privileged: true', 'privileged: false'));
    const edited = await client.waitForDiagnostics(uri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'privileged-container'));
    assert.ok(edited.diagnostics.some((d) => d.code === 'capabilities-drop-all'), rulesOf(edited).join(', '));
    assert.equal(readFileSync(patchPath, 'utf8'), PATCH, 'the file on disk is untouched');
  });

  it('checks a base opened from outside the workspace through the overlay that uses it', async () => {
    const repo = repositoryWithOverlay();
    const client = await LspTestClient.start({ rootPath: join(repo, 'elsewhere'), initializationOptions: { debounceMs: 0 } });
    after(() => client.stop());
    const uri = pathToFileURL(join(repo, 'base', 'deployment.yaml')).href;
    await client.open(uri, DEPLOYMENT);
    const found = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'run-as-non-root'));
    assert.ok(found.diagnostics.every((d) => /\[rendered by kustomization prod\]/.test(messageOf(d))), found.diagnostics.map(messageOf).join('\n'));
    // Rendered by the overlay, in its namespace (the base alone would be in the default one), and
    // the Component's privileged container is reported on its patch, not here.
    assert.ok(!found.diagnostics.some((d) => d.code === 'default-namespace' || d.code === 'privileged-container'), rulesOf(found).join(', '));
  });
});
