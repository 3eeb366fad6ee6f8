/**
 * Workspace diagnostics: the editor reports every manifest of the workspace, opened or not, as
 * `kube-aegis scan` does for the same folder and configuration (cross-file findings included),
 * and keeps that true when files, documents and `.kube-aegis.yaml` change.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type FileEvent } from 'vscode-languageserver/node';
import { runCli } from '../support/cli.js';
import { BASIC_CAPABILITIES, LspTestClient, messageOf, withTimeout } from '../support/lsp-client.js';
import { ROOT } from '../support/paths.js';

const TEAM_CONFIG = 'profile: baseline\nrules:\n  image-tag: warning\n  namespace-network-policy: warning\ntrustedRegistries: [registry.example.com]\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-a\n';
const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: tenant-a
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: docker.io/acme/api
          securityContext:
            privileged: true
`;
const COMPOSE = 'services:\n  web:\n    image: nginx\n';

/** A client that pulls diagnostics, as VS Code does, and watches files for the server. */
const PULLING_CLIENT = {
  ...BASIC_CAPABILITIES,
  textDocument: { ...BASIC_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } },
  workspace: { ...BASIC_CAPABILITIES.workspace, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
};

interface WorkspaceReport {
  items: { kind: string; uri: string; resultId?: string; items?: Diagnostic[] }[];
}

/** One finding as both sides can state it: file, 1-based position, severity, rule, message. */
type Row = string;

/** Cross-file messages name the set differently ("scanned" in the CLI, "of this workspace" in the editor). */
const sameScope = (message: string) => message.replace(/ (scanned|of this workspace)\b/g, ' <set>');

const SEVERITY = ['', 'error', 'warning', 'info'];

function cliRows(dir: string, options: readonly string[] = []): Row[] {
  const run = runCli(['scan', '.', '--format', 'json', '--fail-on', 'none', ...options], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  const { files } = JSON.parse(run.stdout) as { files: { path: string; findings: { ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[] }[] };
  return files
    .flatMap((file) => file.findings.map((f) => `${file.path} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.ruleId} ${sameScope(f.message)}`))
    .sort();
}

function editorRows(dir: string, held: Map<string, Diagnostic[]>): Row[] {
  return [...held]
    .flatMap(([uri, diagnostics]) =>
      diagnostics.map((d) => {
        const { start, end } = d.range;
        return `${relative(dir, fileURLToPath(uri))} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${SEVERITY[d.severity ?? 0]} ${String(d.code)} ${sameScope(messageOf(d))}`;
      }),
    )
    .sort();
}

describe('LSP workspace diagnostics', () => {
  let dir: string;
  let client: LspTestClient;
  /** What a client holds after each workspace report: diagnostics and result ids per URI. */
  const held = new Map<string, Diagnostic[]>();
  const resultIds = new Map<string, string>();
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

  /** One `workspace/diagnostic` round, applied as a client applies it. */
  async function pullWorkspace(): Promise<WorkspaceReport> {
    const previousResultIds = [...resultIds].map(([uri, value]) => ({ uri, value }));
    const report = (await withTimeout(client.request('workspace/diagnostic', { previousResultIds }) as Promise<WorkspaceReport>, 'workspace/diagnostic', () => ''));
    for (const item of report.items) {
      if (item.resultId) resultIds.set(item.uri, item.resultId);
      if (item.kind === 'full') {
        if (item.items!.length) held.set(item.uri, item.items!);
        else held.delete(item.uri);
      }
    }
    return report;
  }

  /** Manifests only: configuration files are no part of the CLI's findings. */
  const manifestsHeld = () => new Map([...held].filter(([uri]) => !uri.endsWith('.kube-aegis.yaml')));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kube-aegis-workspace-diagnostics-'));
    cpSync(join(ROOT, 'samples'), dir, { recursive: true });
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', '.kube-aegis.yaml'), TEAM_CONFIG);
    writeFileSync(join(dir, 'team', 'namespace.yaml'), NAMESPACE);
    writeFileSync(join(dir, 'team', 'app.yaml'), APP);
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    client = await LspTestClient.start({ rootPath: dir, capabilities: PULLING_CLIENT });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares workspace diagnostics', () => {
    const provider = client.initializeResult.capabilities.diagnosticProvider as { workspaceDiagnostics?: boolean };
    assert.equal(provider.workspaceDiagnostics, true);
  });

  it('reports every manifest of the workspace, none open, exactly as the CLI does (cross-file findings and per-folder configuration included)', async () => {
    await pullWorkspace();
    const expected = cliRows(dir);
    assert.ok(expected.some((row) => row.includes('abac-')), 'the ABAC policy file is part of the set');
    assert.ok(expected.some((row) => row.startsWith('team/namespace.yaml') && row.includes('namespace-network-policy')), 'a cross-file finding');
    assert.deepEqual(editorRows(dir, manifestsHeld()), expected);
  });

  it('answers `unchanged` by holding the request until something changes', async () => {
    const pending = pullWorkspace();
    const settled = await Promise.race([pending.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('held'), 300))]);
    assert.equal(settled, 'held');
    // A file changes on disk: the held request is answered with that file alone.
    writeFileSync(join(dir, 'team', 'app.yaml'), APP.replace('privileged: true', 'privileged: false'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('team/app.yaml'), type: FileChangeType.Changed }] });
    const report = await pending;
    assert.deepEqual(report.items.map((item) => relative(dir, fileURLToPath(item.uri))), ['team/app.yaml']);
    assert.deepEqual(editorRows(dir, manifestsHeld()), cliRows(dir));
  });

  it('keeps a file reported once it is opened and closed again', async () => {
    const uri = uriOf('insecure-deployment.yaml');
    const text = readFileSync(join(dir, 'insecure-deployment.yaml'), 'utf8');
    await client.open(uri, text);
    await client.pullDiagnostics(uri);
    await client.close(uri);
    const report = await pullWorkspace();
    assert.ok(report.items.some((item) => item.uri === uri && item.kind === 'full' && item.items!.length > 0), 'the closed file is reported in full again');
    assert.deepEqual(editorRows(dir, manifestsHeld()), cliRows(dir));
  });

  it('reports a kustomize patch and a chart template open as the CLI does: through their renders, never on their own', async () => {
    const patch = 'kustomize/overlays/prod/replicas.yaml';
    const template = 'helm/web/templates/deployment.yaml';
    for (const name of [patch, template]) await client.open(uriOf(name), readFileSync(join(dir, name), 'utf8'));
    await pullWorkspace();
    const rows = editorRows(dir, manifestsHeld());
    const expected = cliRows(dir);
    // Where kustomize (or kubectl) is installed, the patch carries the overlay's findings.
    if (!expected.some((row) => row.includes(' renderer-missing ') && row.startsWith('kustomize/'))) {
      assert.ok(rows.some((row) => row.startsWith(patch) && row.includes('[rendered by kustomization kustomize/overlays/prod]')), rows.join('\n'));
    }
    assert.deepEqual(rows, expected);
    for (const name of [patch, template]) await client.close(uriOf(name));
    await pullWorkspace();
    assert.deepEqual(editorRows(dir, manifestsHeld()), cliRows(dir));
  });

  it('reports an open document with its version and the editor\'s text (VS Code keeps documents open after their tab closes)', async () => {
    const uri = uriOf('team/namespace.yaml');
    await client.open(uri, NAMESPACE.replace('tenant-a', 'tenant-b'), 3);
    const report = await pullWorkspace();
    const item = report.items.find((i) => i.uri === uri) as { version?: number; items?: Diagnostic[] } | undefined;
    assert.ok(item, 'the open document is reported');
    assert.equal(item.version, 3);
    assert.ok(item.items!.some((d) => messageOf(d).includes('tenant-b')), 'the editor\'s text, not the file on disk');
    await client.close(uri);
    await pullWorkspace();
    assert.ok(held.get(uri)!.every((d) => !messageOf(d).includes('tenant-b')), 'the file on disk again');
  });

  it('follows a change of .kube-aegis.yaml: closed files are analysed again with it', async () => {
    const before = editorRows(dir, manifestsHeld()).filter((row) => row.startsWith('team/')).length;
    writeFileSync(join(dir, 'team', '.kube-aegis.yaml'), 'profile: default\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('team/.kube-aegis.yaml'), type: FileChangeType.Changed }] });
    await pullWorkspace();
    const expected = cliRows(dir);
    assert.notEqual(expected.filter((row) => row.startsWith('team/')).length, before);
    assert.deepEqual(editorRows(dir, manifestsHeld()), expected);
  });

  it('reports a mistake in .kube-aegis.yaml on the file itself, unopened, and keeps its valid settings in force', async () => {
    writeFileSync(join(dir, 'team', '.kube-aegis.yaml'), 'profile: baseline\nrules:\n  privileged-containers: off\n');
    writeFileSync(join(dir, 'team', 'app.yaml'), APP);
    const changes: FileEvent[] = [{ uri: uriOf('team/.kube-aegis.yaml'), type: FileChangeType.Changed }, { uri: uriOf('team/app.yaml'), type: FileChangeType.Changed }];
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    await pullWorkspace();
    const problems = held.get(uriOf('team/.kube-aegis.yaml')) ?? [];
    assert.deepEqual(problems.map(messageOf), ['rules: unknown rule "privileged-containers"; did you mean "privileged-container"?']);
    // profile: baseline still applies: no restricted-only finding in the team folder.
    const team = editorRows(dir, manifestsHeld()).filter((row) => row.startsWith('team/'));
    assert.ok(team.some((row) => row.includes('privileged-container')), team.join('\n'));
    assert.ok(!team.some((row) => row.includes('run-as-non-root')), team.join('\n'));
  });

  it('limits the report to open files when asked (for very large repositories)', async () => {
    await client.setSettings({ diagnosticsScope: 'openFiles' });
    await pullWorkspace();
    assert.deepEqual([...manifestsHeld().keys()], []);
    await client.setSettings({ diagnosticsScope: 'workspace' });
    await pullWorkspace();
    assert.ok(manifestsHeld().size > 0);
  });
});

describe('LSP workspace diagnostics in an untrusted workspace', () => {
  it('renders nothing, yet leaves the files of charts and kustomizations out of the plain checks and says why on the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-aegis-workspace-untrusted-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(join(ROOT, 'samples'), dir, { recursive: true });
    const client = await LspTestClient.start({ rootPath: dir, capabilities: PULLING_CLIENT, initializationOptions: { workspaceTrusted: false } });
    after(() => client.stop());
    const report = (await withTimeout(client.request('workspace/diagnostic', { previousResultIds: [] }) as Promise<WorkspaceReport>, 'workspace/diagnostic', () => '')) as WorkspaceReport;
    const rows = editorRows(dir, new Map(report.items.filter((item) => item.items?.length).map((item) => [item.uri, item.items!])));
    // Not the helm-template notice on a template, nor whole-object findings on a patch, nor anything rendered.
    assert.deepEqual(rows.filter((row) => row.startsWith('helm/web/') || row.startsWith('kustomize/')), []);
    // What the CLI reports when it cannot render (its renderer-missing warnings aside): the plain files alone, the same cross-file set.
    const missing = join(dir, 'no-such-program');
    const expected = cliRows(dir, ['--helm', missing, '--kustomize', missing]).filter((row) => !row.includes(' renderer-missing '));
    assert.ok(expected.some((row) => row.includes('pod-not-isolated')), 'a cross-file finding');
    assert.deepEqual(rows, expected);
    const lenses = await client.codeLenses(pathToFileURL(join(dir, 'helm', 'web', 'Chart.yaml')).href);
    assert.match(lenses[0]?.command?.title ?? '', /not trusted \(Restricted Mode\)/);
  });
});
