import { describeObject } from '../engine/k8s.js';
import { getMap, isMap, isScalar, isSeq, itemsAt, pairOf, type YNode } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

const DIRECTIONS = [
  { section: 'ingress', peers: 'from', message: (object: string, rule: number) => t('{0}: ingress rule {1} allows all traffic from every source on every port.', object, rule) },
  { section: 'egress', peers: 'to', message: (object: string, rule: number) => t('{0}: egress rule {1} allows all traffic to every destination on every port.', object, rule) },
] as const;

/** True for a missing, null or empty list: in a NetworkPolicy rule that means "no restriction". */
function unrestricted(node: YNode | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null) || (isSeq(node) && node.items.length === 0);
}

export default defineRule({
  meta: {
    id: 'networkpolicy-allow-all',
    title: 'NetworkPolicy rules that allow all traffic',
    severity: 'warning',
    category: 'network',
    rationale:
      'A NetworkPolicy rule with neither peers nor ports (`- {}`, or empty `from`/`to` and `ports`) allows all traffic in that direction. Next to a default-deny policy it silently undoes the isolation for every pod the policy selects.',
    remediation: 'Name the peers (podSelector, namespaceSelector, ipBlock) and the ports each rule allows; delete the rule if the pods really need no restriction in that direction.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
    fixable: false,
  },
  checkObject(object, context) {
    if (object.kind !== 'NetworkPolicy' || object.apiVersion.startsWith('net.alpha.')) return;
    const spec = getMap(object.node, 'spec');
    for (const direction of DIRECTIONS) {
      itemsAt(spec, direction.section).forEach((rule, index) => {
        if (!(isMap(rule) || (isScalar(rule) && rule.value === null))) return;
        const peers = pairOf(rule, direction.peers);
        const ports = pairOf(rule, 'ports');
        if (!unrestricted(peers?.value) || !unrestricted(ports?.value)) return;
        context.report({
          at: peers?.key ?? ports?.key ?? rule,
          message: direction.message(describeObject(object), index + 1),
        });
      });
    }
  },
});
