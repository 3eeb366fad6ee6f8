import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { isSubresourceWildcard, listItems, policyRulesOf } from './lib/rbac.js';

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
    differences: [
      'An entry such as `pods/*` is pointed out as granting nothing, because the RBAC authorizer matches only `*` and `*/<subresource>` as wildcards, where Kubescape\'s exec control counts `pods/*` as every pod subresource.',
    ],
  },
  checkObject(object, context) {
    for (const rule of policyRulesOf(object)) {
      for (const field of FIELDS) {
        for (const item of listItems(rule, field)) {
          if (item.value === '*') context.report({ at: item, message: WILDCARD_MESSAGES[field]() });
          else if (field === 'resources' && isSubresourceWildcard(item.value)) {
            context.report({
              at: item,
              severity: 'info',
              message: t('"{0}" grants no subresource: RBAC has no "<resource>/*" form, only "*" and "*/<subresource>". List the subresources the subjects need (such as {1}/log).', item.value, item.value.slice(0, item.value.indexOf('/'))),
            });
          }
        }
      }
    }
  },
});
