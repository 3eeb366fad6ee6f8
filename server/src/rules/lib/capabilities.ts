/** Linux capabilities as the Pod Security Standards see them. */
import type { Container } from '../../engine/k8s.js';
import { getMap, getSeq, pairOf, type YMap, type YPair, type YSeq } from '../../engine/model.js';
import { containerSecurityContext } from './security-context.js';

/** Capabilities the baseline level allows a container to add (compared case-sensitively, as Kubernetes does). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The only capability the restricted level allows a container to add. */
export const RESTRICTED_CAPABILITIES: ReadonlySet<string> = new Set(['NET_BIND_SERVICE']);

export interface ContainerCapabilities {
  /** The `capabilities` entry of the container's securityContext. */
  readonly holder: YPair;
  readonly map?: YMap;
  readonly add?: YSeq;
  readonly drop?: YSeq;
}

/** The container's `securityContext.capabilities`, or undefined when it has none. */
export function capabilitiesOf(container: Container): ContainerCapabilities | undefined {
  const holder = pairOf(containerSecurityContext(container), 'capabilities');
  if (!holder) return undefined;
  const map = getMap(holder.value);
  const add = getSeq(map, 'add');
  const drop = getSeq(map, 'drop');
  return { holder, ...(map ? { map } : {}), ...(add ? { add } : {}), ...(drop ? { drop } : {}) };
}
