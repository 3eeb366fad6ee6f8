import { defineRule } from '../engine/rule.js';
import { ALL_AUTHENTICATED, fieldPair, lineAnchor, validFields } from './lib/abac.js';
import { t } from '../l10n/t.js';

/** The finding for a subject that stands for everyone: `field` is user or group, `value` what it holds. */
const EVERYONE: Record<string, (field: string, value: string) => string> = {
  '*': (field, value) => t('This policy applies to everyone ({0} "{1}").', field, value),
  'system:anonymous': (field, value) => t('This policy applies to requests without credentials ({0} "{1}").', field, value),
  'system:unauthenticated': (field, value) => t('This policy applies to requests without credentials ({0} "{1}").', field, value),
  'system:authenticated': (field, value) => t('This policy applies to every authenticated user and service account ({0} "{1}").', field, value),
};

export default defineRule({
  meta: {
    id: 'abac-anonymous-subject',
    title: 'ABAC policies for anonymous or all users',
    severity: 'error',
    category: 'abac',
    rationale:
      'A policy whose user or group is `*`, `system:anonymous`, `system:unauthenticated` or `system:authenticated` applies to anyone who can reach the API server, or to every user and service account token of the cluster.',
    remediation: 'Name the users or groups that need the access.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/abac/#examples'],
    fixable: false,
  },
  checkAbacPolicy(policy, context) {
    if (!validFields(policy)) return;
    const subjects = ['user', 'group'].map((name) => fieldPair(policy, name)).filter((pair) => pair !== undefined);
    for (const pair of subjects) {
      const value = pair.value.kind === 'scalar' ? String(pair.value.value) : '';
      // In the legacy form `*` stands for every authenticated user, not for anonymous requests.
      const who = policy.form === 'legacy' && value === '*' ? EVERYONE[ALL_AUTHENTICATED] : EVERYONE[value];
      if (who) context.report({ at: pair.key, message: who(String(pair.key.value), value) });
    }
    if (policy.form === 'legacy' && subjects.length === 0) {
      context.report({ at: lineAnchor(policy), message: t('This legacy policy names neither user nor group, so it applies to every authenticated user.') });
    }
  },
});
