import { defineRule } from '../engine/rule.js';
import { reportNamespacesWithout } from './lib/tenancy.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'namespace-network-policy',
    title: 'Namespaces without a NetworkPolicy',
    severity: 'warning',
    category: 'network',
    rationale:
      'Until a NetworkPolicy selects a pod, the pod accepts traffic from every pod of the cluster and may connect anywhere. A namespace without any policy gives its tenants no network isolation at all: one compromised pod elsewhere can reach every service in it.',
    remediation:
      'Add a default-deny NetworkPolicy to the namespace (`podSelector: {}`, `policyTypes: [Ingress, Egress]`), then allow the traffic each workload needs with narrower policies.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    ],
    fixable: false,
  },
  checkWorkspace(view, context) {
    reportNamespacesWithout('NetworkPolicy', view, context, t('Its pods accept traffic from anywhere in the cluster.'));
  },
});
