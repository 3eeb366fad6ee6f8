/**
 * Recognising Kubernetes objects in the model and finding their pod specs.
 */
import { getMap, isMap, itemsAt, pairOf, scalarAt, stringAt, type Span, type YMap, type YNode } from './model.js';
import { t } from '../l10n/t.js';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly node: YMap;
  readonly name?: string;
  readonly namespace?: string;
  /** The `kind: List` that holds this object, if any. */
  readonly list?: YMap;
  /** Where a kind the engine does not know holds its pods (`podSpecPaths` of the configuration). */
  readonly podSpecPath?: readonly string[];
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

/**
 * A kind that holds pods, and where: a pod template (a map with `spec`, and `metadata` for the
 * pods) or, when the map there has `containers`, the pod spec itself.
 */
export interface PodSpecPath {
  readonly kind: string;
  /**
   * The API group (`argoproj.io`) or group and version (`argoproj.io/v1alpha1`) the kind must be
   * of; any when unset. The core group is the empty string.
   */
  readonly apiVersion?: string;
  /** Dotted keys from the object's root: `spec.template`, `spec.jobTemplate.spec.template`. */
  readonly path: string;
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

/**
 * Workload kinds of projects beside Kubernetes, known by group: a kind of the same name in
 * another group may hold anything. OpenShift 3 served DeploymentConfig from the core group (`v1`).
 * An Argo Rollout with `spec.workloadRef` has no template of its own: it points at a Deployment.
 */
const EXTENSION_TEMPLATE_PATHS: readonly PodSpecPath[] = [
  { kind: 'DeploymentConfig', apiVersion: 'apps.openshift.io', path: 'spec.template' },
  { kind: 'DeploymentConfig', apiVersion: '', path: 'spec.template' },
  { kind: 'Rollout', apiVersion: 'argoproj.io', path: 'spec.template' },
];

export const WORKLOAD_KINDS: readonly string[] = [...Object.keys(TEMPLATE_PATHS), ...new Set(EXTENSION_TEMPLATE_PATHS.map((p) => p.kind))];

/** `apps` of `apps/v1`, the empty string (core group) of `v1`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function matchesPodSpecPath(entry: PodSpecPath, object: K8sObject): boolean {
  if (entry.kind !== object.kind) return false;
  if (entry.apiVersion === undefined) return true;
  return entry.apiVersion.includes('/') ? entry.apiVersion === object.apiVersion : entry.apiVersion === apiGroupOf(object.apiVersion);
}

/** The keys of a dotted path (`spec.template` → spec, template); empty segments are dropped. */
export function podSpecPathKeys(path: string): string[] {
  return path.split('.').filter((key) => key !== '');
}

/** Where `object` holds its pods: a configured path first, then the kinds the engine knows. */
function templatePathOf(object: K8sObject): readonly string[] | undefined {
  if (object.podSpecPath) return object.podSpecPath;
  const builtIn = TEMPLATE_PATHS[object.kind];
  if (builtIn) return builtIn;
  const extension = EXTENSION_TEMPLATE_PATHS.find((entry) => matchesPodSpecPath(entry, object));
  return extension ? podSpecPathKeys(extension.path) : undefined;
}

/** The Kubernetes objects rooted at `root`: the root itself, or the items of a `kind: List`. */
export function objectsOf(root: YNode): K8sObject[] {
  return objectsWithPodSpecPaths(root, []);
}

/** `objectsOf`, knowing that `podSpecPaths` name kinds beyond the built-in ones that hold pods. */
export function objectsWithPodSpecPaths(root: YNode, podSpecPaths: readonly PodSpecPath[]): K8sObject[] {
  const object = asObject(root, undefined, podSpecPaths);
  if (!object) return [];
  if (object.kind === 'List' || (object.kind.endsWith('List') && object.apiVersion === 'v1' && itemsAt(root, 'items').length > 0)) {
    const out: K8sObject[] = [];
    for (const item of itemsAt(root, 'items')) {
      const inner = asObject(item, object.node, podSpecPaths);
      if (inner) out.push(inner);
    }
    return out;
  }
  return [object];
}

/**
 * `v1`, `apps/v1`, `rbac.authorization.k8s.io/v1`: an optional group of lowercase letters,
 * digits, dots and dashes, then a version of letters and digits. A scan: the pattern
 * `^[a-z0-9.-]*\/?[a-z0-9]+$` tries every split of a long value and takes quadratic time.
 */
export function isApiVersion(value: string): boolean {
  const slash = value.indexOf('/');
  const version = slash < 0 ? value : value.slice(slash + 1);
  const group = slash < 0 ? '' : value.slice(0, slash);
  if (version === '' || !isAlphanumeric(version.charCodeAt(version.length - 1))) return false;
  for (let i = 0; i < group.length; i++) if (!isGroupChar(group.charCodeAt(i))) return false;
  // Without a group, dots and dashes may appear before the last character (the pattern's group then holds them).
  for (let i = 0; i < version.length; i++) if (slash < 0 ? !isGroupChar(version.charCodeAt(i)) : !isAlphanumeric(version.charCodeAt(i))) return false;
  return true;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

function isGroupChar(code: number): boolean {
  return isAlphanumeric(code) || code === 46 || code === 45;
}

function asObject(node: YNode, list: YMap | undefined, podSpecPaths: readonly PodSpecPath[]): K8sObject | undefined {
  if (!isMap(node)) return undefined;
  const apiVersion = stringAt(node, 'apiVersion');
  const kind = stringAt(node, 'kind');
  if (!apiVersion || !kind || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || !isApiVersion(apiVersion)) return undefined;
  const metadata = getMap(node, 'metadata');
  const name = stringAt(metadata, 'name');
  const namespace = stringAt(metadata, 'namespace');
  const object: K8sObject = {
    apiVersion,
    kind,
    node,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(list ? { list } : {}),
  };
  const configured = podSpecPaths.find((entry) => matchesPodSpecPath(entry, object));
  return configured ? { ...object, podSpecPath: podSpecPathKeys(configured.path) } : object;
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
  const path = templatePathOf(object);
  if (!path) return undefined;
  const target = path.length ? getMap(object.node, ...path) : object.node;
  if (!target) return undefined;
  // A configured path may name the pod spec itself rather than its template.
  const podSpecItself = path.length > 0 && object.podSpecPath !== undefined && pairOf(target, 'containers') !== undefined;
  const template = podSpecItself ? undefined : target;
  const spec = podSpecItself ? target : getMap(template, 'spec');
  if (!spec) return undefined;
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
  const anchor: Span = template ? pairOf(template, 'spec')!.key : pairOf(getMap(object.node, ...path.slice(0, -1)) ?? object.node, path[path.length - 1]!)!.key;
  return { object, spec, anchor, containers, ...(podMetadata ? { podMetadata } : {}) };
}

/** A short human label for messages: `container "app"`, `init container "setup"`. */
export function describeContainer(container: Container): string {
  if (container.kind === 'containers') return container.name ? t('container "{0}"', container.name) : t('container');
  if (container.kind === 'initContainers') return container.name ? t('init container "{0}"', container.name) : t('init container');
  return container.name ? t('ephemeral container "{0}"', container.name) : t('ephemeral container');
}

/** `Deployment web` or `Pod` when unnamed. */
export function describeObject(object: K8sObject): string {
  return object.name ? `${object.kind} ${object.name}` : object.kind;
}

/** Built-in kinds that live outside namespaces, where `metadata.namespace` means nothing. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
]);

export interface NamespacePlacement {
  readonly namespace: string;
  /** False when `metadata.namespace` is absent and `default` is assumed. */
  readonly written: boolean;
}

/**
 * The namespace an object lands in, for every rule that asks: its `metadata.namespace` (which a
 * rendered helm or kustomize root has already written into the object), else `default`, the
 * namespace kubectl applies it to unless told otherwise, so that objects written side by side
 * without a namespace are seen together. Undefined for cluster-scoped kinds.
 */
export function namespacePlacement(object: { readonly kind: string; readonly namespace?: string | undefined }): NamespacePlacement | undefined {
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return undefined;
  return object.namespace ? { namespace: object.namespace, written: true } : { namespace: 'default', written: false };
}
