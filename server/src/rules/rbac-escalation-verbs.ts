import { defineRule } from '../engine/rule.js';
import { coversCoreGroup, listGrants, listItems, policyRulesOf } from './lib/rbac.js';
import { t } from '../l10n/t.js';

const ESCALATION_VERBS: Record<string, () => string> = {
  escalate: () => t('"escalate" lets its subjects create or change roles with permissions they do not have.'),
  bind: () => t('"bind" lets its subjects bind any role, including ones with more permissions than their own.'),
  impersonate: () => t('"impersonate" lets its subjects act as other users, groups or service accounts.'),
};

const POD_SUBRESOURCES = ['pods/exec', 'pods/attach'];

export default defineRule({
  meta: {
    id: 'rbac-escalation-verbs',
    title: 'RBAC privilege escalation',
    severity: 'warning',
    category: 'rbac',
    rationale:
      '`escalate`, `bind` and `impersonate` let a subject grant itself more than it was given. Creating pods lets it run a pod with any service account of the namespace and mount its Secrets, and `pods/exec` or `pods/attach` give a shell in running pods with their credentials.',
    remediation: 'Remove these permissions, or keep them for a few tightly controlled subjects (limited with `resourceNames` where possible).',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks'],
    fixable: false,
  },
  checkObject(object, context) {
    for (const rule of policyRulesOf(object)) {
      for (const verb of listItems(rule, 'verbs')) {
        const message = ESCALATION_VERBS[verb.value];
        if (message) context.report({ at: verb, message: message() });
      }
      if (!coversCoreGroup(rule)) continue;
      for (const resource of listItems(rule, 'resources')) {
        if (resource.value === 'pods' && listGrants(rule, 'verbs', ['create'])) {
          context.report({ at: resource, message: t('Creating pods lets its subjects run a pod as any service account of the namespace and read the Secrets it can mount.') });
        } else if (POD_SUBRESOURCES.includes(resource.value)) {
          context.report({ at: resource, message: t('{0} gives its subjects a shell in running pods, with their credentials.', resource.value) });
        }
      }
    }
  },
});
