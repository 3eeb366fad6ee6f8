import { pairOf, stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { subjectsOf } from './lib/rbac.js';

const EVERYONE: Record<string, string> = {
  'system:anonymous': 'every request without credentials',
  'system:unauthenticated': 'every request without credentials',
  'system:authenticated': 'every authenticated user and service account',
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
      if (who) context.report({ at: pairOf(subject, 'name')!.value, message: `Subject ${name} stands for ${who}.` });
    }
  },
});
