import { defineRule } from '../engine/rule.js';
import { reportNamespacesWithout } from './lib/tenancy.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'namespace-limit-range',
    title: 'Namespaces without a LimitRange',
    severity: 'info',
    category: 'tenancy',
    rationale:
      'A LimitRange gives containers that declare no requests or limits sensible defaults and bounds. Without one, such containers are unbounded, and a ResourceQuota on CPU or memory rejects them outright.',
    remediation: 'Add a LimitRange of type Container with `default` and `defaultRequest` values (and `max` if tenants must stay under a ceiling).',
    references: ['https://kubernetes.io/docs/concepts/policy/limit-range/'],
    fixable: false,
  },
  checkWorkspace(view, context) {
    reportNamespacesWithout('LimitRange', view, context, t('Containers without requests or limits get no defaults.'));
  },
});
