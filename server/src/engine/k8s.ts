/**
 * Recognising Kubernetes objects in the model and finding their pod specs.
 */
import { getMap, isMap, itemsAt, pairOf, scalarAt, stringAt, type Span, type YMap, type YNode } from './model.js';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly node: YMap;
  readonly name?: string;
  readonly namespace?: string;
  /** The `kind: List` that holds this object, if any. */
  readonly list?: YMap;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface Container {
  readonly node: YMap;
  readonly kind: ContainerKind;
  readonly name: string;
  /** Where to point for something the container lacks: its `name: ...` entry, else its first key. */
  readonly anchor: Span;
}

export interface PodSpec {
  readonly object: K8sObject;
  /** `spec` of a Pod, `spec.template.spec` of a workload, `template.spec` of a PodTemplate. */
  readonly spec: YMap;
  /** Where to point for something the pod spec lacks: the `spec` key that holds it. */
  readonly anchor: Span;
  /** The metadata that belongs to the pods (annotations such as AppArmor's live there). */
  readonly podMetadata?: YMap;
  readonly containers: readonly Container[];
}

const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/** The Kubernetes objects rooted at `root`: the root itself, or the items of a `kind: List`. */
export function objectsOf(root: YNode): K8sObject[] {
  const object = asObject(root);
  if (!object) return [];
  if (object.kind === 'List' || (object.kind.endsWith('List') && object.apiVersion === 'v1' && itemsAt(root, 'items').length > 0)) {
    const out: K8sObject[] = [];
    for (const item of itemsAt(root, 'items')) {
      const inner = asObject(item, object.node);
      if (inner) out.push(inner);
    }
    return out;
  }
  return [object];
}

function asObject(node: YNode, list?: YMap): K8sObject | undefined {
  if (!isMap(node)) return undefined;
  const apiVersion = stringAt(node, 'apiVersion');
  const kind = stringAt(node, 'kind');
  if (!apiVersion || !kind || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || !/^[a-z0-9.-]*\/?[a-z0-9]+$/.test(apiVersion)) return undefined;
  const metadata = getMap(node, 'metadata');
  const name = stringAt(metadata, 'name');
  const namespace = stringAt(metadata, 'namespace');
  return {
    apiVersion,
    kind,
    node,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(list ? { list } : {}),
  };
}

/**
 * Pod specs already read, per object: the per-file rules, the index and the cross-file rules all
 * ask, and an object of the model never changes.
 */
const podSpecs = new WeakMap<K8sObject, PodSpec | null>();

/** The pod spec of a workload object, or undefined when it has none. */
export function podSpecOf(object: K8sObject): PodSpec | undefined {
  let known = podSpecs.get(object);
  if (known === undefined) {
    known = readPodSpec(object) ?? null;
    podSpecs.set(object, known);
  }
  return known ?? undefined;
}

function readPodSpec(object: K8sObject): PodSpec | undefined {
  const path = TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  const template = path.length ? getMap(object.node, ...path) : object.node;
  const spec = getMap(template, 'spec');
  if (!template || !spec) return undefined;
  const containers: Container[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    for (const item of itemsAt(spec, kind)) {
      if (!isMap(item)) continue;
      const nameValue = scalarAt(item, 'name');
      const name = nameValue === null || nameValue === undefined ? '' : String(nameValue);
      const namePair = pairOf(item, 'name');
      const anchor: Span = namePair ?? item.pairs[0]?.key ?? item;
      containers.push({ node: item, kind, name, anchor });
    }
  }
  const podMetadata = getMap(template, 'metadata');
  const anchor: Span = pairOf(template, 'spec')!.key;
  return { object, spec, anchor, containers, ...(podMetadata ? { podMetadata } : {}) };
}

/** A short human label for messages: `container "app"`, `init container "setup"`. */
export function describeContainer(container: Container): string {
  const label = container.kind === 'containers' ? 'container' : container.kind === 'initContainers' ? 'init container' : 'ephemeral container';
  return container.name ? `${label} "${container.name}"` : label;
}

/** `Deployment web` or `Pod` when unnamed. */
export function describeObject(object: K8sObject): string {
  return object.name ? `${object.kind} ${object.name}` : object.kind;
}
