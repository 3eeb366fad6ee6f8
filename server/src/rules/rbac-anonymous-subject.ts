import { pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { subjectsOf } from './lib/rbac.js';
import { t } from '../l10n/t.js';

const EVERYONE: Record<string, (name: string) => string> = {
  'system:anonymous': (name) => t('Subject {0} stands for every request without credentials.', name),
  'system:unauthenticated': (name) => t('Subject {0} stands for every request without credentials.', name),
  'system:authenticated': (name) => t('Subject {0} stands for every authenticated user and service account.', name),
};

export default defineRule({
  meta: {
    id: 'rbac-anonymous-subject',
    title: 'RBAC bindings to anonymous or all users',
    severity: 'error',
    category: 'rbac',
    rationale:
      'Binding a role to `system:anonymous` or `system:unauthenticated` grants it to anyone who can reach the API server; `system:authenticated` grants it to every user and every service account token in the cluster, so a single compromised pod gets it too.',
    remediation: 'Bind roles to the specific users, groups or service accounts that need them.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles', 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
    fixable: false,
  },
  checkObject(object, context) {
    for (const subject of subjectsOf(object)) {
      const name = stringAt(subject, 'name');
      const who = name === undefined ? undefined : EVERYONE[name];
      if (who) context.report({ at: pairOf(subject, 'name')!.value, message: who(name!) });
    }
  },
});
