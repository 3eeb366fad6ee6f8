import { defineRule } from '../engine/rule.js';
import { reportNamespacesWithout } from './lib/tenancy.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'namespace-resource-quota',
    title: 'Namespaces without a ResourceQuota',
    severity: 'warning',
    category: 'tenancy',
    rationale:
      'A ResourceQuota caps what one namespace can take from the cluster: CPU, memory, pods, services, storage. Without one, a single tenant (or a runaway controller in it) can exhaust the nodes and starve every other namespace.',
    remediation: 'Add a ResourceQuota to the namespace with limits on requests.cpu, requests.memory, limits.cpu, limits.memory and pods that fit the tenant.',
    references: ['https://kubernetes.io/docs/concepts/policy/resource-quotas/'],
    fixable: false,
  },
  checkWorkspace(view, context) {
    reportNamespacesWithout('ResourceQuota', view, context, t('Its workloads can take any amount of the cluster\'s resources.'));
  },
});
