/**
 * Pod templates beyond the built-in workload kinds: OpenShift DeploymentConfig and Argo Rollouts
 * known by group, and the kinds a team declares with `podSpecPaths` in `.kube-aegis.yaml`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer, DEFAULT_CONFIG, mergeConfig, parseConfigText, type ConfigInput } from '../../server/src/engine/index.js';
import { objectsOf, objectsWithPodSpecPaths, podSpecOf, type PodSpecPath } from '../../server/src/engine/k8s.js';
import { parseSection } from '../../server/src/engine/parse.js';
import { ALL_RULES } from '../../server/src/rules/index.js';

const PRIVILEGED = `containers:
  - name: app
    image: example.com/app:1.0.0
    securityContext: {privileged: true}`;

/** `PRIVILEGED` indented to sit below a key at `indent` columns. */
const containersAt = (indent: number): string => PRIVILEGED.split('\n').map((line) => ' '.repeat(indent) + line).join('\n');

function privilegedFindings(text: string, input: ConfigInput = {}): number[] {
  const config = mergeConfig(DEFAULT_CONFIG, { rules: { 'privileged-container': 'error' } }, input);
  return new Analyzer(ALL_RULES, config)
    .analyze(text)
    .findings.filter((f) => f.ruleId === 'privileged-container')
    .map((f) => text.slice(0, f.start).split('\n').length);
}

function podSpecs(text: string, paths: readonly PodSpecPath[] = []) {
  return parseSection(text).roots.flatMap((root) => objectsWithPodSpecPaths(root, paths)).map(podSpecOf);
}

const DEPLOYMENT_CONFIG = `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
${containersAt(6)}
`;

describe('pod templates of other projects', () => {
  it('reads the pod template of an OpenShift DeploymentConfig, and of OpenShift 3 (core group)', () => {
    assert.deepEqual(privilegedFindings(DEPLOYMENT_CONFIG), [12]);
    assert.deepEqual(privilegedFindings(DEPLOYMENT_CONFIG.replace('apps.openshift.io/v1', 'v1')), [12]);
    assert.deepEqual(podSpecs(DEPLOYMENT_CONFIG)[0]?.podMetadata !== undefined, true);
  });

  it('reads an Argo Rollout template, and nothing of a Rollout that points at a Deployment', () => {
    const rollout = DEPLOYMENT_CONFIG.replace('apps.openshift.io/v1', 'argoproj.io/v1alpha1').replace('DeploymentConfig', 'Rollout');
    assert.deepEqual(privilegedFindings(rollout), [12]);
    const workloadRef = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n';
    assert.equal(podSpecs(workloadRef)[0], undefined);
  });

  it('leaves a kind of the same name in another group alone', () => {
    const other = DEPLOYMENT_CONFIG.replace('apps.openshift.io/v1', 'example.com/v1');
    assert.deepEqual(privilegedFindings(other), []);
    assert.equal(parseSection(other).roots.flatMap(objectsOf).map(podSpecOf)[0], undefined);
  });
});

const WORKFLOW = `apiVersion: batch.example.com/v1
kind: Workflow
metadata: {name: nightly}
spec:
  runner:
    template:
      metadata:
        labels: {app: nightly}
      spec:
${containersAt(8)}
`;

const TASK = `apiVersion: tasks.example.com/v2
kind: Task
metadata: {name: build}
spec:
  podSpec:
${containersAt(4)}
`;

describe('podSpecPaths', () => {
  it('reads a declared pod template, matched by kind and group', () => {
    assert.deepEqual(privilegedFindings(WORKFLOW), []);
    assert.deepEqual(privilegedFindings(WORKFLOW, { podSpecPaths: [{ kind: 'Workflow', apiVersion: 'batch.example.com', path: 'spec.runner.template' }] }), [13]);
    assert.deepEqual(podSpecs(WORKFLOW, [{ kind: 'Workflow', path: 'spec.runner.template' }])[0]?.podMetadata !== undefined, true);
  });

  it('matches a group and version exactly, and no other group', () => {
    assert.deepEqual(privilegedFindings(WORKFLOW, { podSpecPaths: [{ kind: 'Workflow', apiVersion: 'batch.example.com/v1', path: 'spec.runner.template' }] }), [13]);
    assert.deepEqual(privilegedFindings(WORKFLOW, { podSpecPaths: [{ kind: 'Workflow', apiVersion: 'batch.example.com/v2', path: 'spec.runner.template' }] }), []);
    assert.deepEqual(privilegedFindings(WORKFLOW, { podSpecPaths: [{ kind: 'Workflow', apiVersion: 'example.com', path: 'spec.runner.template' }] }), []);
  });

  it('reads a path that leads to the pod spec itself, pointing at its key for what it lacks', () => {
    const [pod] = podSpecs(TASK, [{ kind: 'Task', path: 'spec.podSpec' }]);
    assert.ok(pod);
    assert.equal(pod.containers.length, 1);
    assert.equal(pod.podMetadata, undefined);
    assert.equal(TASK.slice(pod.anchor.start, pod.anchor.end), 'podSpec');
    assert.deepEqual(privilegedFindings(TASK, { podSpecPaths: [{ kind: 'Task', path: 'spec.podSpec' }] }), [9]);
  });

  it('is ignored when the path leads nowhere', () => {
    assert.deepEqual(privilegedFindings(WORKFLOW, { podSpecPaths: [{ kind: 'Workflow', path: 'spec.template' }] }), []);
  });

  it('is validated in .kube-aegis.yaml', () => {
    const good = parseConfigText('podSpecPaths:\n  - {kind: Workflow, apiVersion: batch.example.com, path: spec.runner.template}\n  - {kind: Task, apiVersion: "", path: spec.podSpec}\n');
    assert.deepEqual(good.problems, []);
    assert.equal(good.input.podSpecPaths?.length, 2);
    for (const bad of ['podSpecPaths:\n  - {kind: Workflow}\n', 'podSpecPaths:\n  - {kind: workflow, path: spec.template}\n', 'podSpecPaths:\n  - {kind: Workflow, path: spec..template}\n', 'podSpecPaths:\n  - {kind: Workflow, path: spec.template, group: x}\n', 'podSpecPaths:\n  - {kind: Workflow, apiVersion: "Example/V1", path: spec.template}\n']) {
      assert.notDeepEqual(parseConfigText(bad).problems, [], bad);
    }
  });
});
