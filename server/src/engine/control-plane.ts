/**
 * Control-plane static pods as kubeadm writes them (`/etc/kubernetes/manifests`): a Pod in
 * kube-system that runs kube-apiserver, etcd, kube-controller-manager or kube-scheduler. They
 * need the host network, host paths for their certificates and data, and root; rules that
 * would take that away report it as information instead (see `RuleMeta.controlPlaneNeed`).
 */
import type { Container, PodSpec } from './k8s.js';
import { minorOfTag } from './kubernetes-version.js';
import { getSeq, isScalar, stringAt } from './model.js';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler'] as const;
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

export interface ControlPlanePod {
  readonly component: ControlPlaneComponent;
  readonly container: Container;
  /** The Kubernetes minor of the component's image tag (`v1.31.0` → 31); never for etcd, whose tag is etcd's own version. */
  readonly minor?: number;
}

const known = new WeakMap<PodSpec, ControlPlanePod | null>();

/** The control-plane component a pod runs, when it is a control-plane static pod. */
export function controlPlanePodOf(pod: PodSpec): ControlPlanePod | undefined {
  let found = known.get(pod);
  if (found === undefined) {
    found = readControlPlanePod(pod) ?? null;
    known.set(pod, found);
  }
  return found ?? undefined;
}

function readControlPlanePod(pod: PodSpec): ControlPlanePod | undefined {
  // A static pod is a Pod; a Deployment in kube-system running the API server is something else.
  if (pod.object.kind !== 'Pod' || pod.object.namespace !== 'kube-system') return undefined;
  for (const container of pod.containers) {
    if (container.kind !== 'containers') continue;
    const component = componentOf(container);
    if (!component) continue;
    const minor = component === 'etcd' ? undefined : minorOfTag(imageTag(stringAt(container.node, 'image')));
    return { component, container, ...(minor !== undefined ? { minor } : {}) };
  }
  return undefined;
}

/** The component a container runs, by its image name or the program its command starts. */
export function componentOf(container: Container): ControlPlaneComponent | undefined {
  const image = stringAt(container.node, 'image');
  const fromImage = image === undefined ? undefined : imageName(image);
  const words = (getSeq(container.node, 'command')?.items ?? []).slice(0, 2).map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value.slice(item.value.lastIndexOf('/') + 1) : undefined));
  // `hyperkube kube-apiserver` runs the component named after it.
  const program = words[0] === 'hyperkube' ? words[1] : words[0];
  return CONTROL_PLANE_COMPONENTS.find((c) => c === program || c === fromImage);
}

/** `registry.k8s.io/kube-apiserver-amd64:v1.31.0` → `kube-apiserver`. */
function imageName(image: string): string {
  const path = image.split('@')[0]!;
  const colon = path.lastIndexOf(':');
  const name = colon > path.lastIndexOf('/') ? path.slice(0, colon) : path;
  return name.slice(name.lastIndexOf('/') + 1).replace(/-(?:amd64|arm64|arm|ppc64le|s390x)$/, '');
}

function imageTag(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  const path = image.split('@')[0]!;
  const colon = path.lastIndexOf(':');
  return colon > path.lastIndexOf('/') ? path.slice(colon + 1) : undefined;
}
