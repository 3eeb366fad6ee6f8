/** KubeletConfiguration objects (the kubelet's `--config` file). */
import type { K8sObject } from '../../engine/k8s.js';
import { get, pairOf, type YPair } from '../../engine/model.js';

export function isKubeletConfiguration(object: K8sObject): boolean {
  return object.kind === 'KubeletConfiguration' && object.apiVersion.startsWith('kubelet.config.k8s.io/');
}

/** The scalar setting at `path` of a KubeletConfiguration (the pair, so fixes can replace its value). */
export function kubeletSetting(object: K8sObject, ...path: string[]): YPair | undefined {
  const parent = path.length > 1 ? get(object.node, ...path.slice(0, -1)) : object.node;
  const pair = pairOf(parent, path[path.length - 1]!);
  return pair?.value.kind === 'scalar' ? pair : undefined;
}
