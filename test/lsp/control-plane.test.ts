/**
 * Control plane and access control in the editor: a static kube-apiserver pod manifest and an
 * ABAC policy file (JSON Lines) get their diagnostics over the protocol, and a quick fix applied
 * in each gives the expected text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient, memoryUri, summary } from '../support/lsp-client.js';

const API_SERVER = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command:
        - kube-apiserver
        - --authorization-mode=Node,RBAC
        - --anonymous-auth=true
`;

const POLICY_LINES = [
  '{"user":"alice","namespace":"projectCaribou"}',
  '{"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "*", "namespace": "*", "resource": "*", "apiGroup": "*"}}',
];
const POLICY = `${POLICY_LINES.join('\n')}\n`;

describe('LSP control plane and ABAC files', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(() => client.stop());

  async function applyFix(uri: string, diagnostic: Diagnostic, title: string): Promise<string> {
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])) as CodeAction[];
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no "${title}" in ${JSON.stringify(actions.map((a) => a.title))}`);
    return client.applied(uri, action.edit);
  }

  it('reports the API server flags of a static pod manifest and sets --anonymous-auth=false', async () => {
    const uri = memoryUri('kube-apiserver.yaml');
    await client.open(uri, API_SERVER);
    const diagnostics = await client.currentDiagnostics(uri);
    const flags = diagnostics.filter((d) => String(d.code).startsWith('apiserver-'));
    // The flag set is on `command:` as a whole where a flag is missing, on the flag where it is wrong.
    assert.deepEqual(summary(flags), [
      '12:10-12:31 apiserver-anonymous-auth',
      '9:6-9:13 apiserver-admission-plugins',
      '9:6-9:13 apiserver-audit-log',
      '9:6-9:13 apiserver-profiling',
      '9:6-9:13 apiserver-tls',
      '9:6-9:13 apiserver-tls',
    ]);
    const anonymous = flags.find((d) => d.code === 'apiserver-anonymous-auth')!;
    const fixed = await applyFix(uri, anonymous, 'Set --anonymous-auth=false (unsafe)');
    assert.equal(fixed, API_SERVER.replace('--anonymous-auth=true', '--anonymous-auth=false'));
    await client.replaceText(uri, 2, fixed);
    assert.ok(!(await client.currentDiagnostics(uri)).some((d) => d.code === 'apiserver-anonymous-auth'));
    await client.close(uri);
  });

  it('reports ABAC policy lines opened as JSON Lines and converts a legacy line to the v1beta1 form', async () => {
    const uri = memoryUri('policy.jsonl');
    await client.open(uri, POLICY, 1, 'jsonl');
    const diagnostics = await client.currentDiagnostics(uri);
    assert.deepEqual(summary(diagnostics), ['0:1-0:7 abac-legacy-format', '1:117-1:127 abac-unrestricted-access', '1:86-1:92 abac-anonymous-subject']);
    assert.ok(diagnostics.every((d) => d.source === 'kube-aegis'));

    const legacy = diagnostics.find((d) => d.code === 'abac-legacy-format')!;
    const converted = await applyFix(uri, legacy, 'Convert to the v1beta1 form');
    const v1beta1 = '{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{"user":"alice","namespace":"projectCaribou","resource":"*","apiGroup":"*"}}';
    assert.equal(converted, `${v1beta1}\n${POLICY_LINES[1]}\n`);

    const unrestricted = diagnostics.find((d) => d.code === 'abac-unrestricted-access')!;
    const readOnly = await applyFix(uri, unrestricted, 'Add "readonly": true (unsafe)');
    assert.equal(readOnly, `${POLICY_LINES[0]}\n${POLICY_LINES[1]!.replace('"apiGroup": "*"}', '"apiGroup": "*", "readonly": true}')}\n`);

    await client.replaceText(uri, 2, converted);
    assert.deepEqual(summary(await client.currentDiagnostics(uri)), ['1:117-1:127 abac-unrestricted-access', '1:86-1:92 abac-anonymous-subject']);
    await client.close(uri);
  });
});
