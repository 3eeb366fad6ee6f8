/** Reading a Service's type and exposure settings. */
import type { K8sObject } from '../../engine/k8s.js';
import { getMap, pairOf, type YScalar } from '../../engine/model.js';

/** The `spec.type` value node of a Service when it equals `type`. */
export function serviceTypeNode(object: K8sObject, type: string): YScalar | undefined {
  if (object.kind !== 'Service') return undefined;
  const value = pairOf(getMap(object.node, 'spec'), 'type')?.value;
  return value?.kind === 'scalar' && value.value === type ? value : undefined;
}
