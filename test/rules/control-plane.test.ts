/** Behaviour of the control-plane and RBAC rules that fixtures cannot show: severities, recognition. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, DEFAULT_CONFIG } from '../../server/src/engine/index.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const findings = (text: string, prefix: string) =>
  analyzeText(text, ALL_RULES, DEFAULT_CONFIG).findings.filter((f) => f.ruleId.startsWith(prefix)).map((f) => [f.ruleId, f.severity, text.slice(f.start, f.end)]);

const apiserverPod = (container: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
${container}`;

describe('kube-apiserver recognition', () => {
  it('finds the API server by image, by command and through hyperkube', () => {
    for (const container of [
      '    - name: a\n      image: registry.k8s.io/kube-apiserver-amd64:v1.10.0@sha256:0000\n      command: [kube-apiserver, --profiling=true]',
      '    - name: a\n      image: example.com/control-plane:1\n      command: [/usr/local/bin/kube-apiserver, --profiling=true]',
      '    - name: a\n      image: example.com/hyperkube:1\n      command: [/hyperkube, kube-apiserver, --profiling=true]',
      '    - name: a\n      image: example.com/control-plane:1\n      args: [kube-apiserver, --profiling=true]',
    ]) {
      assert.deepEqual(findings(apiserverPod(container), 'apiserver-profiling'), [['apiserver-profiling', 'warning', '--profiling=true']], container);
    }
  });

  it('reads the flags of a kube-apiserver a shell script starts, pointing into the script, without fixes', () => {
    const script = (lines: string) => `    - name: a\n      image: registry.k8s.io/kube-apiserver:v1.34.0\n      command:\n        - /bin/sh\n        - -c\n        - |\n${lines}`;
    const secure = script(
      [
        '          exec /usr/local/bin/kube-apiserver --authorization-mode=Node,RBAC --anonymous-auth=false --profiling=false \\',
        '            --audit-log-path=/var/log/audit.log --audit-policy-file=/etc/k/audit.yaml \\',
        '            --tls-cert-file=/etc/k/a.crt --tls-private-key-file=/etc/k/a.key --client-ca-file=/etc/k/ca.crt \\',
        '            --enable-admission-plugins=NodeRestriction 1>>/var/log/kube-apiserver.log 2>&1',
        '',
      ].join('\n'),
    );
    assert.deepEqual(findings(apiserverPod(secure), 'apiserver-'), []);

    const insecure = '    - name: a\n      image: example.com/control-plane:1\n      command: [sh, -ec]\n      args: ["mkfifo /p; kube-apiserver --insecure-port 8080 --token_auth_file=/t.csv --authorization-mode=\'AlwaysAllow\' > /log; echo --profiling=true"]';
    const text = apiserverPod(insecure);
    const found = analyzeText(text, ALL_RULES, DEFAULT_CONFIG)
      .findings.filter((f) => ['apiserver-insecure-port', 'apiserver-removed-flag', 'apiserver-flag-syntax', 'apiserver-static-credentials', 'apiserver-authorization-mode', 'apiserver-profiling'].includes(f.ruleId))
      .sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    assert.deepEqual(
      found.map((f) => [f.ruleId, text.slice(f.start, f.end)]),
      [
        // After the command ends, `--profiling=true` belongs to echo: the server's profiling is on by default.
        ['apiserver-profiling', 'args'],
        // No version in the image: the default target (1.34) no longer has the insecure port.
        ['apiserver-removed-flag', '--insecure-port'],
        ['apiserver-flag-syntax', '--token_auth_file'],
        ['apiserver-static-credentials', '--token_auth_file=/t.csv'],
        ['apiserver-authorization-mode', "--authorization-mode='AlwaysAllow'"],
      ],
    );
    assert.deepEqual(found.flatMap((f) => f.fixes), [], 'a script is never edited');
  });

  it('leaves a kube-apiserver image alone when a wrapper script starts it (its flags are unknown)', () => {
    const pod = apiserverPod('    - name: a\n      image: registry.k8s.io/kube-apiserver:v1.34.0\n      command: [/bin/bash, -c, /etc/kubernetes/start-apiserver.sh]');
    assert.deepEqual(findings(pod, 'apiserver-'), []);
  });

  it('leaves other containers alone, even with the same flags', () => {
    const pod = apiserverPod('    - name: a\n      image: example.com/kube-apiserver-proxy:1\n      command: [proxy, --profiling=true, --token-auth-file=/t]');
    assert.deepEqual(findings(pod, 'apiserver-'), []);
  });
});

describe('per-finding severities', () => {
  it('reports ABAC alone as a warning and AlwaysAllow as an error', () => {
    const pod = apiserverPod('    - name: a\n      image: registry.k8s.io/kube-apiserver:v1.31.0\n      command: [kube-apiserver, --authorization-mode=ABAC, --authorization-policy-file=/etc/kubernetes/abac.jsonl]\n    - name: b\n      image: registry.k8s.io/kube-apiserver:v1.31.0\n      command: [kube-apiserver, --authorization-mode=AlwaysAllow]');
    assert.deepEqual(findings(pod, 'apiserver-authorization-mode').map((f) => f[1]), ['warning', 'error']);
  });

  it('notes read access to named Secrets as info', () => {
    const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [tls]\n    verbs: [get]\n';
    assert.deepEqual(findings(role, 'rbac-secrets-access'), [['rbac-secrets-access', 'info', 'secrets']]);
  });
});

describe('flag lists reached through an alias', () => {
  it('are checked but not edited (the edit would change every user of the anchor)', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
x-flags: &flags [kube-apiserver, --profiling=true]
spec:
  containers:
    - name: a
      image: registry.k8s.io/kube-apiserver:v1.31.0
      command: *flags
`;
    const found = analyzeText(pod, ALL_RULES, DEFAULT_CONFIG).findings.filter((f) => f.ruleId === 'apiserver-profiling');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.fixes, []);
  });
});
