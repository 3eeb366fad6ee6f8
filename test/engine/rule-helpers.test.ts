/** Helpers behind the host-path, typo and removal fixes, and per-finding severities. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, applyEdits, DEFAULT_CONFIG, mergeConfig } from '../../server/src/engine/index.js';
import { EditKit } from '../../server/src/engine/edits.js';
import { getMap, getSeq, pairOf } from '../../server/src/engine/model.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';
import { isContainerRuntimePath, isSensitiveHostPath } from '../../server/src/rules/lib/host-paths.js';
import { closestName } from '../../server/src/rules/lib/suggest.js';

describe('sensitive host paths', () => {
  const cases: [string, boolean][] = [
    ['/', true],
    ['/etc', true],
    ['/etc/kubernetes/pki', true],
    ['/proc/sys', true],
    ['/var/run/docker.sock', true],
    ['/run/containerd/containerd.sock', true],
    ['/var/run/crio/crio.sock', true],
    ['/var/lib/kubelet/pods', true],
    ['/var', true],
    ['/var/run/', true],
    ['/data/../etc', true],
    ['//etc//', true],
    ['/var/log', false],
    ['/data', false],
    ['/etcd-data', false],
    ['/var/lib/docker/containers', false],
    ['C:\\var\\log', false],
  ];
  for (const [path, sensitive] of cases) it(`${path} is ${sensitive ? '' : 'not '}sensitive`, () => assert.equal(isSensitiveHostPath(path), sensitive));
});

describe('container runtime paths', () => {
  const cases: [string, boolean][] = [
    ['/var/run/docker.sock', true],
    ['/run/containerd/containerd.sock', true],
    ['/var/run/crio/crio.sock', true],
    ['/run/cri-dockerd.sock', true],
    ['/opt/custom/containerd.sock', true],
    ['/run/containerd', true],
    ['/run/containerd/io.containerd.runtime.v2.task', true],
    ['/var/run', true],
    ['/run/', true],
    ['/run/k3s/containerd/containerd.sock', true],
    ['/', false],
    ['/var', false],
    ['/run/xtables.lock', false],
    ['/var/lib/docker', false],
    ['/var/run/secrets', false],
    ['run/docker.sock', false],
  ];
  for (const [path, runtime] of cases) it(`${path} is ${runtime ? '' : 'not '}a container runtime path`, () => assert.equal(isContainerRuntimePath(path), runtime));
});

describe('closest field name', () => {
  const known = ['runAsNonRoot', 'runAsUser', 'runAsGroup', 'fsGroup', 'privileged', 'procMount'];
  const cases: [string, string | undefined][] = [
    ['runAsNonroot', 'runAsNonRoot'],
    ['runAsUsr', 'runAsUser'],
    ['fsgroup', 'fsGroup'],
    ['privilegd', 'privileged'],
    ['hardened', undefined],
    ['runAs', undefined],
  ];
  for (const [typo, expected] of cases) it(`${typo} -> ${expected ?? 'nothing'}`, () => assert.equal(closestName(typo, known), expected));
});

describe('emptying a block collection', () => {
  const cases: [string, string, string][] = [
    ['map', 'a:\n  b:\n    c: 1\nd: 2\n', 'a:\n  b: {}\nd: 2\n'],
    ['map with a comment after its key', 'a:\n  b:  # note\n    c: 1\nd: 2\n', 'a:\n  b:  # note\n    {}\nd: 2\n'],
    ['map after a comment line ending in a colon', 'a:\n  b:\n    # was:\n    c: 1\nd: 2\n', 'a:\n  b:\n    # was:\n    {}\nd: 2\n'],
    ['sequence', 'a:\n  - x\nd: 2\n', 'a: []\nd: 2\n'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const root = parseSection(text).roots[0]!;
      const kit = new EditKit(text);
      const seq = getSeq(root, 'a');
      const map = getMap(root, 'a', 'b');
      const edits = seq ? kit.removeItem(seq, 0) : kit.removePair(map!, pairOf(map, 'c')!);
      assert.equal(applyEdits(text, edits), expected);
    });
  }
});

describe('per-finding severity', () => {
  const pod = (path: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "busybox:1.36"}]\n  volumes: [{name: v, hostPath: {path: ${path}}}]\n`;
  const severity = (path: string, rules = {}) =>
    new Analyzer(ALL_RULES, mergeConfig(DEFAULT_CONFIG, { rules })).analyze(pod(path)).findings.find((f) => f.ruleId === 'host-path-volume')?.severity;
  it('is an error for a sensitive host path', () => assert.equal(severity('/var/lib/kubelet'), 'error'));
  it('leaves a container runtime socket to container-runtime-socket', () => {
    const findings = new Analyzer(ALL_RULES, DEFAULT_CONFIG).analyze(pod('/var/run/docker.sock')).findings.filter((f) => f.ruleId.includes('host-path') || f.ruleId.includes('runtime'));
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.severity}`), ['container-runtime-socket:error']);
  });
  it('is the default (warning) for another host path', () => assert.equal(severity('/var/log'), 'warning'));
  it('gives way to a configured severity', () => assert.equal(severity('/etc', { 'host-path-volume': 'info' }), 'info'));
});
