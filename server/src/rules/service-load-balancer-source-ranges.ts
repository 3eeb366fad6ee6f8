import { describeObject } from '../engine/k8s.js';
import { getMap, pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { serviceTypeNode } from './lib/service.js';
import { t } from '../l10n/t.js';

/** A documentation range (RFC 5737): it matches no real client, so the user must edit it. */
export const PLACEHOLDER_RANGE = '203.0.113.0/24';

const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** Annotations that make a cloud load balancer internal (reachable from the private network only). */
const INTERNAL_ANNOTATIONS: Readonly<Record<string, RegExp>> = {
  'networking.gke.io/load-balancer-type': /^internal$/i,
  'cloud.google.com/load-balancer-type': /^internal$/i,
  'service.beta.kubernetes.io/aws-load-balancer-internal': /^(true|0\.0\.0\.0\/0)$/i,
  'service.beta.kubernetes.io/aws-load-balancer-scheme': /^internal$/i,
  'service.beta.kubernetes.io/azure-load-balancer-internal': /^true$/i,
  'service.beta.kubernetes.io/oci-load-balancer-internal': /^true$/i,
};

export default defineRule({
  meta: {
    id: 'service-load-balancer-source-ranges',
    title: 'LoadBalancer Services open to every address',
    severity: 'warning',
    category: 'network',
    rationale:
      'A LoadBalancer Service without `loadBalancerSourceRanges` is reachable from every address the cloud load balancer faces, usually the whole internet. Services meant for a known set of clients should say so, so the provider filters everyone else before traffic reaches the cluster.',
    remediation:
      'List the client CIDR ranges in `spec.loadBalancerSourceRanges`, or make the load balancer internal with your provider\'s annotation. Public services that must be open to all can suppress this rule with a comment saying so.',
    references: [
      'https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/',
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
    ],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'It inserts a placeholder range that a person must replace with the clients\' ranges; until then only the placeholder reaches the Service.',
    },
  },
  checkObject(object, context) {
    const type = serviceTypeNode(object, 'LoadBalancer');
    if (!type) return;
    const spec = getMap(object.node, 'spec')!;
    const ranges = pairOf(spec, 'loadBalancerSourceRanges');
    if (ranges?.value.kind === 'seq' && ranges.value.items.length > 0) return;
    const annotations = getMap(object.node, 'metadata', 'annotations');
    if (stringAt(annotations, SOURCE_RANGES_ANNOTATION)?.trim()) return;
    for (const [key, internal] of Object.entries(INTERNAL_ANNOTATIONS)) if (internal.test(stringAt(annotations, key) ?? '')) return;
    const edits = ranges ? context.edits.replaceValue(ranges, [PLACEHOLDER_RANGE]) : context.edits.insertKey(spec, 'loadBalancerSourceRanges', [PLACEHOLDER_RANGE]);
    context.report({
      at: type,
      message: t('{0} is a LoadBalancer without loadBalancerSourceRanges: every address that reaches the load balancer reaches the service.', describeObject(object)),
      fixes: [{ title: t('Add loadBalancerSourceRanges with the placeholder {0} (replace it with your clients\' ranges)', PLACEHOLDER_RANGE), edits, safe: false }],
    });
  },
});
