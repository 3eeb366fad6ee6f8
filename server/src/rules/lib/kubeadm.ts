/**
 * Component flags written in kubeadm configuration (`kubeadm.k8s.io/*`): `apiServer.extraArgs`
 * of a ClusterConfiguration, `nodeRegistration.kubeletExtraArgs` of an Init- or
 * JoinConfiguration. v1beta3 writes them as a map (`insecure-port: "0"`), v1beta4 as a list of
 * `{name, value}`.
 */
import type { EditKit, TextEdit } from '../../engine/edits.js';
import type { K8sObject } from '../../engine/k8s.js';
import { minorOf, minorOfTag } from '../../engine/kubernetes-version.js';
import { get, getMap, isMap, isSeq, pairOf, stringAt, type Span } from '../../engine/model.js';
import { isOwnPair } from './fixes.js';
import type { FlagComponent } from './removed-flags.js';

export interface ExtraArg {
  /** The flag name without dashes, underscores read as dashes. */
  readonly name: string;
  readonly written: string;
  readonly at: Span;
  /** Edits that remove the argument (none when it is reached through an alias). */
  remove(edits: EditKit): TextEdit[];
}

export interface KubeadmArgs {
  readonly component: FlagComponent;
  readonly args: readonly ExtraArg[];
  /** The minor of the ClusterConfiguration's `kubernetesVersion`, when it names one. */
  readonly minor?: number;
}

/** The component flags a kubeadm configuration object sets. */
export function kubeadmArgsOf(object: K8sObject): KubeadmArgs[] {
  if (!object.apiVersion.startsWith('kubeadm.k8s.io/')) return [];
  if (object.kind === 'ClusterConfiguration') {
    const version = stringAt(object.node, 'kubernetesVersion');
    const minor = version === undefined ? undefined : (minorOfTag(version) ?? minorOf(version));
    return [{ component: 'kube-apiserver', args: extraArgs(get(object.node, 'apiServer', 'extraArgs')), ...(minor !== undefined ? { minor } : {}) }];
  }
  if (object.kind === 'InitConfiguration' || object.kind === 'JoinConfiguration') {
    return [{ component: 'kubelet', args: extraArgs(get(getMap(object.node, 'nodeRegistration'), 'kubeletExtraArgs')) }];
  }
  return [];
}

function extraArgs(node: ReturnType<typeof get>): ExtraArg[] {
  if (isMap(node)) {
    return node.pairs.slice(node.merged ?? 0).map((pair) => {
      const written = String(pair.key.value);
      return { name: written.replace(/_/g, '-'), written, at: pair.key, remove: (edits: EditKit) => (isOwnPair(node, pair) ? edits.removePair(node, pair) : []) };
    });
  }
  if (!isSeq(node)) return [];
  const out: ExtraArg[] = [];
  node.items.forEach((item, index) => {
    const name = pairOf(item, 'name');
    if (!isMap(item) || name?.value.kind !== 'scalar' || typeof name.value.value !== 'string') return;
    const written = name.value.value;
    out.push({ name: written.replace(/_/g, '-'), written, at: name.value, remove: (edits: EditKit) => (node.viaAlias ? [] : edits.removeItem(node, index)) });
  });
  return out;
}
