import { defineRule } from '../engine/rule.js';
import { listItems, policyRulesOf } from './lib/rbac.js';
import { t } from '../l10n/t.js';

const FIELDS = ['apiGroups', 'resources', 'verbs'] as const;

const WILDCARD_MESSAGES: Readonly<Record<(typeof FIELDS)[number], () => string>> = {
  apiGroups: () => t('"*" in apiGroups grants every API group, including ones added later.'),
  resources: () => t('"*" in resources grants every resource, including ones added later.'),
  verbs: () => t('"*" in verbs grants every verb, including ones added later.'),
};

export default defineRule({
  meta: {
    id: 'rbac-wildcard',
    title: 'Wildcards in RBAC rules',
    severity: 'warning',
    category: 'rbac',
    rationale:
      '`*` grants every API group, resource or verb, including the ones added by future releases and CRDs (secrets, escalate, impersonate, ...). A role written with wildcards cannot be reviewed for least privilege.',
    remediation: 'List the API groups, resources and verbs the subject needs explicitly.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    fixable: false,
  },
  checkObject(object, context) {
    for (const rule of policyRulesOf(object)) {
      for (const field of FIELDS) {
        for (const item of listItems(rule, field)) {
          if (item.value === '*') context.report({ at: item, message: WILDCARD_MESSAGES[field]() });
        }
      }
    }
  },
});
