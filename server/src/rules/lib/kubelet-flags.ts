/**
 * Kubelets started by a container (`command: [kubelet, ...]`, `hyperkube kubelet`), as some
 * node images and test clusters run them, and their flags. Shell scripts are not read.
 */
import type { Container, PodSpec } from '../../engine/k8s.js';
import { getSeq, isScalar } from '../../engine/model.js';
import { parseFlags, type Flag } from './flags.js';

export interface Kubelet {
  readonly container: Container;
  readonly flags: readonly Flag[];
}

const BINARY = /(?:^|\/)kubelet$/;
/** Boolean kubelet flags among those the rules read: they never take the next item as their value. */
const BOOLEAN = new Set(['allow-privileged', 'anonymous-auth', 'fail-swap-on', 'read-only-port-enabled', 'rotate-certificates']);

/** The containers of a pod that run the kubelet, with their flags (`command` then `args`). */
export function kubeletsOf(pod: PodSpec, text: string): Kubelet[] {
  const out: Kubelet[] = [];
  for (const container of pod.containers) {
    const command = getSeq(container.node, 'command');
    const args = getSeq(container.node, 'args');
    const words = [...(command?.items ?? []).slice(0, 2), ...(args?.items ?? []).slice(0, 1)];
    if (!words.some((w) => isScalar(w) && typeof w.value === 'string' && BINARY.test(w.value))) continue;
    const flags = [command, args].flatMap((seq) => (seq ? parseFlags(text, seq, (name) => !BOOLEAN.has(name)) : []));
    out.push({ container, flags });
  }
  return out;
}
