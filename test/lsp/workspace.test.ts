/**
 * Cross-file findings in the editor: the server indexes the workspace's manifests, keeps the
 * index current from file events and open documents, and re-publishes an open document when
 * another file changes what is found in it. Also the template actions for what a namespace
 * lacks, and the Pod Security code lens.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type CodeAction, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { templateFor } from '../../server/src/rules/lib/tenancy-templates.js';
import { BASIC_CAPABILITIES, LspTestClient, memoryUri, messageOf, summary } from '../support/lsp-client.js';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: tenant-a
  labels:
    pod-security.kubernetes.io/enforce: restricted
`;

const NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: tenant-a
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

const QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota
  namespace: tenant-a
spec:
  hard:
    requests.cpu: "2"
    requests.memory: 4Gi
    limits.cpu: "4"
    limits.memory: 8Gi
    pods: "10"
`;

const LIMIT_RANGE = `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: tenant-a
spec:
  limits:
    - type: Container
      default: {cpu: 500m, memory: 256Mi}
`;

const POLICIES = [NETWORK_POLICY, QUOTA, LIMIT_RANGE].join('---\n');
const WITHOUT_NETWORK_POLICY = [QUOTA, LIMIT_RANGE].join('---\n');

/** The cross-file rules about what a namespace lacks. */
const TENANCY = new Set(['namespace-network-policy', 'namespace-resource-quota', 'namespace-limit-range']);
const tenancy = (diagnostics: readonly Diagnostic[]) => summary(diagnostics.filter((d) => TENANCY.has(String(d.code))));
const hasTenancy = (expected: string[]) => (p: PublishDiagnosticsParams) => tenancy(p.diagnostics).join() === [...expected].sort().join();

/** Where the namespace findings point: the Namespace's name. */
const NO_NETWORK_POLICY = '3:8-3:16 namespace-network-policy';
const NO_QUOTA = '3:8-3:16 namespace-resource-quota';

/** A client that watches files for the server and applies file creations. */
const WATCHING_CLIENT = {
  ...BASIC_CAPABILITIES,
  workspace: {
    ...BASIC_CAPABILITIES.workspace,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] },
  },
};

describe('LSP cross-file findings', () => {
  let root: string;
  let client: LspTestClient;
  let namespaceUri: string;
  const policiesPath = () => join(root, 'policies.yaml');
  const policiesUri = () => pathToFileURL(policiesPath()).href;
  const fileEvent = (uri: string, type: FileChangeType) =>
    client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kube-aegis-workspace-'));
    writeFileSync(join(root, 'namespace.yaml'), NAMESPACE);
    writeFileSync(policiesPath(), POLICIES);
    client = await LspTestClient.start({ rootPath: root, capabilities: WATCHING_CLIENT });
    namespaceUri = pathToFileURL(join(root, 'namespace.yaml')).href;
    await client.open(namespaceUri, NAMESPACE);
    // Silent once the background index has read the other file (before that, the namespace stands alone).
    await client.waitForDiagnostics(namespaceUri, hasTenancy([]));
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports a finding in an open file when another file changes on disk, and clears it when restored', async () => {
    writeFileSync(policiesPath(), WITHOUT_NETWORK_POLICY);
    await fileEvent(policiesUri(), FileChangeType.Changed);
    const reported = await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_NETWORK_POLICY]));
    assert.equal(reported.version, 1);
    const finding = reported.diagnostics.find((d) => d.code === 'namespace-network-policy')!;
    assert.equal(messageOf(finding), 'Namespace tenant-a: no NetworkPolicy among the 2 files of this workspace. Its pods accept traffic from anywhere in the cluster.');
    assert.equal(finding.source, 'kube-aegis');

    writeFileSync(policiesPath(), POLICIES);
    await fileEvent(policiesUri(), FileChangeType.Changed);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([]));

    unlinkSync(policiesPath());
    await fileEvent(policiesUri(), FileChangeType.Deleted);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_NETWORK_POLICY, NO_QUOTA, '3:8-3:16 namespace-limit-range']));
    writeFileSync(policiesPath(), POLICIES);
    await fileEvent(policiesUri(), FileChangeType.Created);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([]));
  });

  it('lets an open document take precedence over its file on disk until it is closed', async () => {
    const uri = policiesUri();
    await client.open(uri, POLICIES);
    await client.replaceText(uri, 2, WITHOUT_NETWORK_POLICY);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_NETWORK_POLICY]));
    // The file on disk still has the policy, but the editor's text wins.
    await fileEvent(uri, FileChangeType.Changed);
    await client.replaceText(uri, 3, POLICIES.replace('name: default-deny', 'name: deny-all'));
    await client.waitForDiagnostics(namespaceUri, hasTenancy([]));
    await client.replaceText(uri, 4, QUOTA);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_NETWORK_POLICY, '3:8-3:16 namespace-limit-range']));
    // Closed without saving: the file on disk counts again.
    await client.close(uri);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([]));
  });

  it('offers to create what the namespace lacks, at the end of the file or in a new file beside it', async () => {
    const uri = policiesUri();
    unlinkSync(policiesPath());
    await fileEvent(uri, FileChangeType.Deleted);
    const published = await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_NETWORK_POLICY, NO_QUOTA, '3:8-3:16 namespace-limit-range']));
    const diagnostic = published.diagnostics.find((d) => d.code === 'namespace-network-policy')!;
    const actions = (await client.codeActions(namespaceUri, diagnostic.range, [diagnostic])) as CodeAction[];
    const template = templateFor('namespace-network-policy', 'tenant-a')!;

    const append = actions.find((a) => a.title === 'Create a default-deny NetworkPolicy for namespace tenant-a at the end of this file');
    assert.ok(append, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(append.kind, 'quickfix');
    assert.deepEqual(append.diagnostics, [diagnostic]);
    assert.equal(client.applied(namespaceUri, append.edit), `${NAMESPACE}---\n${template.text}`);

    const created = actions.find((a) => a.title === 'Create a default-deny NetworkPolicy for namespace tenant-a in tenant-a-networkpolicy.yaml');
    assert.ok(created, JSON.stringify(actions.map((a) => a.title)));
    const newUri = pathToFileURL(join(root, 'tenant-a-networkpolicy.yaml')).href;
    assert.deepEqual(created.edit?.documentChanges, [
      { kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri: newUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: template.text }] },
    ]);
    // Once the client has created the file, the finding goes.
    writeFileSync(join(root, 'tenant-a-networkpolicy.yaml'), template.text);
    await fileEvent(newUri, FileChangeType.Created);
    await client.waitForDiagnostics(namespaceUri, hasTenancy([NO_QUOTA, '3:8-3:16 namespace-limit-range']));

    const quota = (await client.currentDiagnostics(namespaceUri)).find((d) => d.code === 'namespace-resource-quota')!;
    const quotaActions = (await client.codeActions(namespaceUri, quota.range, [quota])) as CodeAction[];
    assert.ok(quotaActions.some((a) => a.title === 'Create a ResourceQuota for namespace tenant-a at the end of this file'));
  });

  it('leaves documents outside the workspace folders out of the cross-file view', async () => {
    // A scratch buffer with a lone Namespace: in the workspace, that would be three findings.
    for (const uri of [memoryUri('scratch-namespace.yaml'), 'untitled:Untitled-1']) {
      await client.open(uri, NAMESPACE);
      const published = await client.waitForDiagnostics(uri);
      assert.deepEqual(tenancy(published.diagnostics), []);
      await client.close(uri);
    }
  });

  it('leaves out files the settings exclude, and files in node_modules', async () => {
    const project = mkdtempSync(join(tmpdir(), 'kube-aegis-workspace-excluded-'));
    const files: Record<string, string> = {
      'namespace.yaml': NAMESPACE,
      'generated/policy.yaml': NETWORK_POLICY,
      'node_modules/chart/quota.yaml': QUOTA,
      'limits.yaml': LIMIT_RANGE,
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(project, name, '..'), { recursive: true });
      writeFileSync(join(project, name), text);
    }
    const excluding = await LspTestClient.start({ rootPath: project, settings: { exclude: ['generated/**'] } });
    try {
      const uri = pathToFileURL(join(project, 'namespace.yaml')).href;
      await excluding.open(uri, NAMESPACE);
      // The LimitRange is found (the walk has run); the excluded policy and the quota in node_modules are not.
      const published = await excluding.waitForDiagnostics(uri, hasTenancy([NO_NETWORK_POLICY, NO_QUOTA]));
      assert.match(messageOf(published.diagnostics.find((d) => d.code === 'namespace-network-policy')!), /among the 2 files of this workspace/);
    } finally {
      await excluding.stop();
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('offers no new-file action to a client that cannot create files', async () => {
    const plain = await LspTestClient.start({ capabilities: BASIC_CAPABILITIES });
    try {
      const uri = memoryUri('lonely-namespace.yaml');
      await plain.open(uri, NAMESPACE);
      const published = await plain.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'namespace-network-policy'));
      const diagnostic = published.diagnostics.find((d) => d.code === 'namespace-network-policy')!;
      const titles = ((await plain.codeActions(uri, diagnostic.range, [diagnostic])) as CodeAction[]).map((a) => a.title);
      assert.ok(titles.includes('Create a default-deny NetworkPolicy for namespace tenant-a at the end of this file'), titles.join(', '));
      assert.ok(!titles.some((t) => t.includes(' in tenant-a-')), titles.join(', '));
    } finally {
      await plain.stop();
    }
  });
});

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: clean
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: example.com/app:1.0.0
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
---
apiVersion: v1
kind: Pod
metadata:
  name: root
spec:
  containers:
    - name: app
      image: example.com/app:1.0.0
      securityContext:
        privileged: true
`;

describe('LSP actions for pods no NetworkPolicy selects', () => {
  it('offers the default-deny policy of the workload\'s namespace', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = memoryUri('lonely-pod.yaml');
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app: web}\nspec:\n  containers:\n    - name: app\n      image: example.com/web:1.0.0\n';
      await client.open(uri, pod);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'pod-not-isolated'));
      const diagnostic = published.diagnostics.find((d) => d.code === 'pod-not-isolated')!;
      assert.deepEqual(summary([diagnostic]), ['5:2-5:8 pod-not-isolated']);
      const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])) as CodeAction[];
      const append = actions.find((a) => a.title === 'Create a default-deny NetworkPolicy for namespace shop at the end of this file');
      assert.ok(append, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(client.applied(uri, append.edit), `${pod}---\n${templateFor('pod-not-isolated', 'shop')!.text}`);
    } finally {
      await client.stop();
    }
  });
});

describe('LSP Pod Security code lens', () => {
  it('shows the level of each workload and what stands in the way of the next one', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = memoryUri('pods.yaml');
      await client.open(uri, PODS);
      const lenses = await client.codeLenses(uri);
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title]),
        [
          [0, 'Pod Security: restricted'],
          [17, 'Pod Security: privileged — 1 finding stands in the way of baseline'],
        ],
      );
      assert.ok(lenses.every((l) => l.command?.command === 'kube-aegis.showSecurityLevelFindings'));
      assert.deepEqual(lenses[0]!.command?.arguments, [{ uri, workload: 'Pod clean', level: 'restricted', blockers: [] }]);
      const [root] = lenses[1]!.command!.arguments as [{ uri: string; workload: string; level: string; next: string; blockers: { ruleId: string; message: string; range: unknown }[] }];
      assert.equal(root.workload, 'Pod root');
      assert.equal(root.next, 'baseline');
      assert.deepEqual(
        root.blockers.map((b) => [b.ruleId, b.range]),
        [['privileged-container', { start: { line: 26, character: 20 }, end: { line: 26, character: 24 } }]],
      );
      assert.ok(root.blockers[0]!.message.length > 10);
      // Clients that hand the command back to the server get the findings in a message.
      const shown = new Promise<{ message: string }>((resolve) => client.connection.onNotification('window/showMessage', resolve));
      await client.request('workspace/executeCommand', { command: 'kube-aegis.showSecurityLevelFindings', arguments: [root] });
      assert.match((await shown).message, /^Pod root: Pod Security privileged; in the way of baseline:\nline 27: privileged-container: /);
    } finally {
      await client.stop();
    }
  });
});
