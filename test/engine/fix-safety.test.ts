/**
 * Safe and unsafe fixes, control-plane static pods, exemptions, the target Kubernetes version
 * and duplicate keys: what the rule fixtures cannot show on their own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSet, analyzeText, applyEdits, DEFAULT_CONFIG, fixAll, fixesToApply, mergeConfig, parseConfigText, type ConfigInput, type Exemption, type Finding } from '../../server/src/engine/index.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const configOf = (input: ConfigInput = {}) => mergeConfig(DEFAULT_CONFIG, input);
const findingsOf = (text: string, input?: ConfigInput) => analyzeText(text, ALL_RULES, configOf(input)).findings;
const ofRule = (findings: readonly Finding[], id: string) => findings.filter((f) => f.ruleId === id);

/** Every mapping of the text keeps each key once (what `kubectl` requires). */
function assertNoDuplicateKeys(text: string): void {
  assert.equal(parseSection(text).error, undefined, text);
  assert.deepEqual(ofRule(analyzeText(text, ALL_RULES, mergeConfig(DEFAULT_CONFIG, { rules: { 'duplicate-key': 'error' } })).findings, 'duplicate-key').map((f) => f.message), [], text);
}

const pod = (podSecurityContext: string, containerSecurityContext: string) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: app}',
    'spec:',
    '  securityContext:',
    `    ${podSecurityContext}`,
    '  containers:',
    '    - name: app',
    '      image: example.com/app:1.0.0',
    '      securityContext:',
    `        ${containerSecurityContext}`,
    '',
  ].join('\n');

describe('a misspelt field and the finding that the field is missing', () => {
  // The misspelling, where it is written, and the field it stands for.
  const cases: readonly [string, string, string][] = [
    ['pod', 'runAsNonroot: true', 'runAsNonRoot'],
    ['pod', 'seccompProfil: {type: RuntimeDefault}', 'seccompProfile'],
    ['container', 'readOnlyRootFileSystem: true', 'readOnlyRootFilesystem'],
    ['container', 'allowPrivilegeEscalaton: false', 'allowPrivilegeEscalation'],
    ['container', 'capabilites: {drop: [ALL]}', 'capabilities'],
    ['container', 'capabilities: {drops: [ALL]}', 'drop'],
  ];
  for (const [level, written, field] of cases) {
    it(`${written} (${level}): only the rename is offered, so fixing writes ${field} once`, () => {
      const text = level === 'pod' ? pod(written, 'privileged: false') : pod('fsGroup: 2000', written);
      for (const unsafe of [false, true]) {
        const fixed = fixAll(text, ALL_RULES, configOf(), { unsafe }).text;
        assertNoDuplicateKeys(fixed);
        assert.equal(fixed.split(`${field}:`).length - 1 <= 1 || field === 'drop', true, fixed);
        if (unsafe) assert.ok(fixed.includes(`${field}:`) || fixed.includes(`${field}: `), `${field} is set after --unsafe-fixes:\n${fixed}`);
      }
    });
  }
});

describe('a misplaced field and the finding that the field is missing where it belongs', () => {
  for (const written of ['readOnlyRootFilesystem: true', 'allowPrivilegeEscalation: false', 'capabilities: {drop: [ALL]}']) {
    it(`${written} on the pod: moving it and adding it never write the key twice`, () => {
      const text = pod(written, 'privileged: false');
      for (const unsafe of [false, true]) assertNoDuplicateKeys(fixAll(text, ALL_RULES, configOf(), { unsafe }).text);
    });
  }
});

describe('fixes to apply', () => {
  const finding = (fixes: Finding['fixes']): Finding => ({ ruleId: 'r', severity: 'error', message: 'm', start: 0, end: 1, fixes });
  const edit = (start: number) => [{ start, end: start + 1, text: 'x' }];
  it('takes safe fixes, unsafe ones only when asked, and manual ones never', () => {
    const findings = [
      finding([{ title: 'safe', safe: true, edits: edit(0) }]),
      finding([{ title: 'unsafe', safe: false, edits: edit(2) }]),
      finding([{ title: 'manual', safe: false, manual: true, edits: edit(4) }]),
      finding([{ title: 'manual safe', safe: true, manual: true, edits: edit(6) }, { title: 'second', safe: false, edits: edit(8) }]),
    ];
    assert.deepEqual(fixesToApply(findings).map((f) => f.title), ['safe']);
    assert.deepEqual(fixesToApply(findings, undefined, true).map((f) => f.title), ['safe', 'unsafe', 'second']);
  });
});

describe('run-as-non-root fix safety', () => {
  const text = (runAsUser: string) => pod(`fsGroup: 2000${runAsUser ? `\n    runAsUser: ${runAsUser}` : ''}`, 'allowPrivilegeEscalation: false');
  it('is safe only where a non-root user is named', () => {
    assert.deepEqual(ofRule(findingsOf(text('')), 'run-as-non-root').map((f) => f.fixes.map((x) => x.safe)), [[false]]);
    assert.deepEqual(ofRule(findingsOf(text('1000')), 'run-as-non-root').map((f) => f.fixes.map((x) => x.safe)), [[true]]);
    assert.deepEqual(ofRule(findingsOf(text('0')), 'run-as-non-root').map((f) => f.fixes.map((x) => x.safe)), [[false]]);
  });
});

const staticPod = (namespace: string, kind = 'Pod') =>
  kind === 'Pod'
    ? `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: ${namespace}, labels: {component: kube-apiserver}}
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.33.1
      command: [kube-apiserver, --secure-port=6443]
  volumes:
    - name: k8s-certs
      hostPath: {path: /etc/kubernetes/pki, type: DirectoryOrCreate}
`
    : `apiVersion: apps/v1
kind: Deployment
metadata: {name: kube-apiserver, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      hostNetwork: true
      containers:
        - name: kube-apiserver
          image: registry.k8s.io/kube-apiserver:v1.33.1
`;

describe('control-plane static pods', () => {
  it('report what the control plane needs as information with the reason, without fixes', () => {
    const findings = findingsOf(staticPod('kube-system'));
    const needs = findings.filter((f) => ['host-namespaces', 'host-path-volume', 'run-as-non-root', 'resource-limits', 'resource-requests'].includes(f.ruleId));
    assert.deepEqual(needs.map((f) => f.ruleId).sort(), ['host-namespaces', 'host-path-volume', 'resource-limits', 'resource-requests', 'run-as-non-root']);
    for (const f of needs) {
      assert.equal(f.severity, 'info');
      assert.deepEqual(f.fixes, []);
      assert.match(f.message, /kube-apiserver is a control-plane static pod: kubeadm /);
    }
    // The rest is checked as usual.
    assert.equal(ofRule(findings, 'capabilities-drop-all')[0]?.severity, 'warning');
  });

  it('are Pods in kube-system that run a component; a Deployment or another namespace is checked as usual', () => {
    for (const text of [staticPod('default'), staticPod('kube-system', 'Deployment')]) {
      const hostNetwork = ofRule(findingsOf(text), 'host-namespaces');
      assert.equal(hostNetwork[0]?.severity, 'error', text);
      assert.equal(hostNetwork[0]?.fixes[0]?.safe, false, 'removing hostNetwork is unsafe');
    }
    // Run through hyperkube, the component is found by its command.
    const hyperkube = staticPod('kube-system').replace('registry.k8s.io/kube-apiserver:v1.33.1', 'registry.k8s.io/hyperkube:v1.18.0').replace('[kube-apiserver, --secure-port=6443]', '[/hyperkube, kube-apiserver, --secure-port=6443]');
    assert.equal(ofRule(findingsOf(hyperkube), 'host-namespaces')[0]?.severity, 'info');
    // A label alone does not make a control-plane pod.
    const labelled = staticPod('kube-system').replace('registry.k8s.io/kube-apiserver:v1.33.1', 'example.com/app:1.0.0').replace('[kube-apiserver, --secure-port=6443]', '[app]');
    assert.equal(ofRule(findingsOf(labelled), 'host-namespaces')[0]?.severity, 'error');
  });
});

const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring, labels: {app: node-exporter}}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter, tier: node}}
    spec:
      hostNetwork: true
      hostPID: true
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
          ports: [{containerPort: 9100, hostPort: 9100}]
      volumes:
        - {name: root, hostPath: {path: /}}
`;

describe('exemptions', () => {
  const ids = (input: ConfigInput) => new Set(findingsOf(agent, input).map((f) => f.ruleId));
  it('turn off the rules they name for the objects they match, by kind, namespace, name and labels', () => {
    const rules = ['host-namespaces', 'host-path-volume', 'host-port'];
    const matches: Exemption[] = [{ kind: 'DaemonSet' }, { namespace: 'monitoring' }, { name: 'node-exporter' }, { labels: { app: 'node-exporter' } }, { labels: { tier: 'node' } }, { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter' }];
    for (const match of matches) {
      const found = ids({ exemptions: [{ ...match, rules }] });
      for (const id of rules) assert.ok(!found.has(id), `${id} with ${JSON.stringify(match)}`);
      assert.ok(found.has('capabilities-drop-all'), 'other rules still run');
    }
  });

  it('match only when every matcher matches, and without rules turn off every rule', () => {
    const misses: Exemption[] = [{ kind: 'Deployment' }, { namespace: 'kube-system' }, { name: 'other' }, { labels: { app: 'other' } }, { kind: 'DaemonSet', namespace: 'other' }];
    for (const match of misses) {
      assert.ok(ids({ exemptions: [{ ...match, rules: ['host-namespaces'] }] }).has('host-namespaces'), JSON.stringify(match));
    }
    assert.deepEqual([...ids({ exemptions: [{ name: 'node-exporter' }] })], []);
  });

  it('apply to cross-file rules too', () => {
    const logShipper = agent.replace(/node-exporter/g, 'fluent-bit').replace('      hostNetwork: true\n      hostPID: true\n', '');
    const crossFile = (input: ConfigInput) =>
      ofRule(analyzeSet([{ key: 'agent.yaml', text: logShipper, config: configOf(input) }], ALL_RULES).get('agent.yaml')!.findings, 'pod-not-isolated');
    assert.equal(crossFile({}).length, 1);
    assert.deepEqual(crossFile({ exemptions: [{ labels: { app: 'fluent-bit' }, rules: ['pod-not-isolated'] }] }), []);
  });

  it('are validated by the configuration schema', () => {
    assert.deepEqual(parseConfigText('exemptions:\n  - kind: DaemonSet\n    rules: [host-namespaces]\n').problems, []);
    const messages = (text: string) => parseConfigText(text).problems.map((p) => p.message).join('; ');
    assert.match(messages('exemptions:\n  - kind: DaemonSet\n    rules: [host-namespace]\n'), /exemptions\.0\.rules\.0/);
    assert.match(messages('exemptions:\n  - rules: [host-namespaces]\n'), /exemptions\.0/);
    assert.match(messages('exemptions:\n  - kind: DaemonSet\n    names: [a]\n'), /unknown key "names"/);
    assert.match(messages('kubernetesVersion: "1.x"\n'), /kubernetesVersion/);
    assert.deepEqual(parseConfigText('kubernetesVersion: v1.29.3\n').problems, []);
  });
});

const apiserver = (image: string, flags: readonly string[]) => `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: ${image}
      command:
        - kube-apiserver
${flags.map((f) => `        - ${f}`).join('\n')}
`;

describe('the target Kubernetes version', () => {
  // flag, last minor that has it, first minor without it
  const removals: readonly [string, number, number][] = [
    ['--tls-ca-file=/ca.crt', 10, 11],
    ['--basic-auth-file=/p.csv', 18, 19],
    ['--kubelet-https=true', 21, 22],
    ['--insecure-port=0', 23, 24],
    ['--insecure-bind-address=127.0.0.1', 23, 24],
    ['--address=127.0.0.1', 23, 24],
    ['--port=0', 23, 24],
  ];
  for (const [flag, last, first] of removals) {
    it(`kube-apiserver ${flag.split('=')[0]}: accepted by 1.${last}, an error with a safe removal from 1.${first}`, () => {
      assert.deepEqual(ofRule(findingsOf(apiserver(`registry.k8s.io/kube-apiserver:v1.${last}.0`, [flag])), 'apiserver-removed-flag'), []);
      const found = ofRule(findingsOf(apiserver(`registry.k8s.io/kube-apiserver:v1.${first}.0`, [flag])), 'apiserver-removed-flag');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.severity, 'error');
      assert.match(found[0]!.message, new RegExp(`^kube-apiserver v1\\.${first} does not start with ${flag.split('=')[0]}: it was removed in 1\\.${first} `));
      assert.equal(found[0]!.fixes[0]!.safe, true);
      // The same flag through the setting, for an image without a version.
      const unversioned = apiserver('example.com/control-plane:stable', [flag]);
      assert.equal(ofRule(findingsOf(unversioned, { kubernetesVersion: `1.${last}` }), 'apiserver-removed-flag').length, 0);
      assert.match(ofRule(findingsOf(unversioned, { kubernetesVersion: `1.${first}` }), 'apiserver-removed-flag')[0]!.message, /\(setting kubernetesVersion\)/);
    });
  }

  const kubelet = (version: string, flag: string) => `apiVersion: v1
kind: Pod
metadata: {name: kubelet}
spec:
  containers:
    - name: kubelet
      image: registry.k8s.io/kubelet:v1.${version}.0
      command: [/usr/bin/kubelet, ${flag}]
`;
  for (const [flag, last, first] of [['--allow-privileged=true', 14, 15], ['--network-plugin=cni', 23, 24], ['--cni-conf-dir=/etc/cni', 23, 24], ['--container-runtime=remote', 26, 27]] as const) {
    it(`kubelet ${flag.split('=')[0]}: accepted by 1.${last}, an error from 1.${first}`, () => {
      assert.deepEqual(ofRule(findingsOf(kubelet(String(last), flag)), 'apiserver-removed-flag'), []);
      assert.match(ofRule(findingsOf(kubelet(String(first), flag)), 'apiserver-removed-flag')[0]!.message, new RegExp(`^kubelet v1\\.${first} does not start with ${flag.split('=')[0]}`, 'i'));
    });
  }

  it('stops apiserver-insecure-port from recommending --insecure-port=0 where the flag is gone', () => {
    const text = apiserver('registry.k8s.io/kube-apiserver:v1.31.0', ['--insecure-port=8080']);
    assert.deepEqual(ofRule(findingsOf(text), 'apiserver-insecure-port'), []);
    const fixed = fixAll(text, ALL_RULES, configOf(), { unsafe: true }).text;
    assert.doesNotMatch(fixed, /insecure-port/);
    const old = apiserver('registry.k8s.io/kube-apiserver:v1.19.0', ['--insecure-port=8080']);
    assert.deepEqual(ofRule(findingsOf(old), 'apiserver-insecure-port').map((f) => f.fixes[0]?.title), ['Set --insecure-port=0']);
  });

  it('stops apiserver-flag-syntax from renaming to a removed flag', () => {
    const text = apiserver('registry.k8s.io/kube-apiserver:v1.31.0', ['--basic_auth_file=/p.csv', '--insecure-prot=0']);
    const findings = findingsOf(text);
    assert.deepEqual(ofRule(findings, 'apiserver-flag-syntax').map((f) => [f.message, f.fixes.length]), [['kube-apiserver has no flag --insecure-prot.', 0]]);
    assert.equal(ofRule(findings, 'apiserver-removed-flag').length, 1);
    assert.deepEqual(ofRule(findings, 'apiserver-static-credentials'), [], 'the removed flag is reported once');
    const old = apiserver('registry.k8s.io/kube-apiserver:v1.18.0', ['--basic_auth_file=/p.csv']);
    assert.deepEqual(ofRule(findingsOf(old), 'apiserver-flag-syntax').map((f) => f.fixes[0]?.title), ['Rename to --basic-auth-file']);
  });

  it('decides which API versions deprecated-api-version reports', () => {
    const cronJob = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: example.com/c:1.0.0}]}}}}}\n';
    assert.equal(ofRule(findingsOf(cronJob), 'deprecated-api-version').length, 1);
    assert.equal(ofRule(findingsOf(cronJob, { kubernetesVersion: '1.25' }), 'deprecated-api-version').length, 1);
    assert.equal(ofRule(findingsOf(cronJob, { kubernetesVersion: '1.24' }), 'deprecated-api-version').length, 0);
  });
});

describe('duplicate-key', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  mode: safe\n  other: x\n  mode: unsafe\n';
  it('points at the second occurrence, says where the first is, and offers two manual fixes', () => {
    const [finding] = ofRule(findingsOf(text), 'duplicate-key');
    assert.ok(finding);
    assert.equal(text.slice(finding.start, finding.end), 'mode');
    assert.equal(finding.start, text.lastIndexOf('mode'));
    assert.match(finding.message, /^The key mode is written twice in this mapping; the first is 2 lines above\./);
    assert.deepEqual(finding.fixes.map((f) => [f.title, f.safe, f.manual]), [
      ['Keep this mode (remove the first)', false, true],
      ['Keep the other mode (remove this one)', false, true],
    ]);
    assert.equal(fixAll(text, ALL_RULES, configOf(), { unsafe: true }).text, text, 'never applied by fix-all');
  });

  it('finds duplicates in a later document of the file, at their own offsets', () => {
    const stream = `${text}---\n${text}`;
    const found = ofRule(findingsOf(stream), 'duplicate-key');
    assert.deepEqual(found.map((f) => stream.slice(f.start, f.end)), ['mode', 'mode']);
    assert.ok(found[1]!.start > text.length);
  });
});

describe('a key written twice', () => {
  it('is not renamed when misspelt: renaming one copy would leave the other misspelt', () => {
    const text = pod('seccompProfile:\n      typ: RuntimeDefault\n      typ: RuntimeDefault', 'allowPrivilegeEscalation: false');
    const misspelt = ofRule(findingsOf(text), 'unknown-security-field');
    assert.ok(misspelt.length > 0, text);
    assert.deepEqual(misspelt.flatMap((f) => f.fixes.map((fix) => fix.title)), []);
    // Written once, it is.
    const once = pod('seccompProfile:\n      typ: RuntimeDefault', 'allowPrivilegeEscalation: false');
    assert.deepEqual(ofRule(findingsOf(once), 'unknown-security-field').flatMap((f) => f.fixes.map((fix) => fix.title)), ['Rename typ to type']);
  });

  it('three times or more: either fix keeps one copy and removes every other', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: a\n    app: b\n    app: c\n';
    for (const finding of ofRule(findingsOf(text), 'duplicate-key')) {
      assert.deepEqual(finding.fixes.map((fix) => fix.title), ['Keep this app (remove the others)', 'Keep the first app (remove the others)']);
      const kept = text.slice(finding.start).split('\n')[0]!;
      assert.equal(applyEdits(text, finding.fixes[0]!.edits), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    ${kept}\n`);
      assert.equal(applyEdits(text, finding.fixes[1]!.edits), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: a\n');
    }
  });
});
