/**
 * Reading securityContext settings the way the kubelet resolves them: a container's own
 * setting wins over the pod's.
 */
import { describeContainer, type Container, type PodSpec } from '../../engine/k8s.js';
import { getMap, pairOf, type YMap, type YPair } from '../../engine/model.js';

export const podSecurityContext = (pod: PodSpec): YMap | undefined => getMap(pod.spec, 'securityContext');
export const containerSecurityContext = (container: Container): YMap | undefined => getMap(container.node, 'securityContext');

export interface EffectiveSetting {
  /** The pair that decides the value, or undefined when neither level sets it. */
  readonly pair?: YPair;
  readonly level?: 'pod' | 'container';
}

/** The securityContext entry that applies to `container` for `key` (container first, then pod). */
export function effectiveSetting(pod: PodSpec, container: Container, key: string): EffectiveSetting {
  const own = pairOf(containerSecurityContext(container), key);
  if (own) return { pair: own, level: 'container' };
  const inherited = pairOf(podSecurityContext(pod), key);
  return inherited ? { pair: inherited, level: 'pod' } : {};
}

/** True when the pod declares itself a Windows pod (`spec.os.name: windows`). */
export function isWindowsPod(pod: PodSpec): boolean {
  const os = getMap(pod.spec, 'os');
  const name = os && pairOf(os, 'name')?.value;
  return name?.kind === 'scalar' && name.value === 'windows';
}

/** A securityContext block and whose it is. */
export interface SecurityContextBlock {
  readonly map: YMap;
  /** The container that owns the block; undefined for the pod's own `spec.securityContext`. */
  readonly container?: Container;
}

/** The pod's securityContext (when it is a map) followed by every container's. */
export function securityContextBlocks(pod: PodSpec): SecurityContextBlock[] {
  const out: SecurityContextBlock[] = [];
  const own = podSecurityContext(pod);
  if (own) out.push({ map: own });
  for (const container of pod.containers) {
    const map = containerSecurityContext(container);
    if (map) out.push({ map, container });
  }
  return out;
}

/** `the pod` or `container "app"`, for messages about a securityContext block. */
export function describeBlockOwner(block: SecurityContextBlock): string {
  return block.container ? describeContainer(block.container) : 'the pod';
}
