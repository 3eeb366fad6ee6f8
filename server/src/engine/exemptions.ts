/**
 * Exemptions (`exemptions` in `.kube-aegis.yaml`): objects a team declares as needing what some
 * rules report, such as node agents (CNI, CSI, log shippers, node-exporter) that need host
 * paths or the host network. An exemption matches by kind, namespace, name and labels (every
 * one given must match) and turns off the rules it lists, or all rules.
 */
import { podSpecOf, type K8sObject } from './k8s.js';
import { get } from './model.js';
import { readLabels, type Labels } from './selectors.js';

export interface Exemption {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Labels the object (or its pod template) carries, all of them. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The rules it turns off; every rule when absent. */
  readonly rules?: readonly string[];
}

/** What an exemption is matched against: an object of a file, or of the workspace index. */
export interface ExemptionSubject {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Labels;
  /** The labels of its pods (a workload's pod template). */
  readonly podLabels?: Labels;
}

/** An object of the positioned model as an exemption subject. */
export function subjectOf(object: K8sObject): ExemptionSubject {
  const podLabels = podSpecOf(object)?.podMetadata;
  return {
    kind: object.kind,
    ...(object.name !== undefined ? { name: object.name } : {}),
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    labels: readLabels(get(object.node, 'metadata', 'labels')),
    ...(podLabels ? { podLabels: readLabels(get(podLabels, 'labels')) } : {}),
  };
}

/** The rules the exemptions turn off for `subject`: `all`, some, or none (undefined). */
export function exemptedRules(subject: ExemptionSubject | K8sObject, exemptions: readonly Exemption[]): Set<string> | 'all' | undefined {
  if (exemptions.length === 0) return undefined;
  const object = 'node' in subject ? subjectOf(subject) : subject;
  let out: Set<string> | undefined;
  for (const exemption of exemptions) {
    if (!matches(object, exemption)) continue;
    if (!exemption.rules) return 'all';
    out ??= new Set();
    for (const id of exemption.rules) out.add(id);
  }
  return out;
}

function matches(object: ExemptionSubject, exemption: Exemption): boolean {
  if (exemption.kind !== undefined && exemption.kind !== object.kind) return false;
  if (exemption.namespace !== undefined && exemption.namespace !== (object.namespace ?? '')) return false;
  if (exemption.name !== undefined && exemption.name !== object.name) return false;
  if (exemption.labels !== undefined) {
    const wanted = Object.entries(exemption.labels);
    const carries = (labels: Labels | undefined) => labels !== undefined && wanted.every(([key, value]) => labels[key] === value);
    if (!carries(object.labels) && !carries(object.podLabels)) return false;
  }
  return true;
}
