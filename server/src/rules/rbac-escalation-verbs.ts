import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { coversCoreGroup, listGrants, listItems, policyRulesOf, resourceEntryGrants } from './lib/rbac.js';

const ESCALATION_VERBS: Record<string, (verb: string) => string> = {
  escalate: (verb) => t('"{0}" lets its subjects create or change roles with permissions they do not have.', verb),
  bind: (verb) => t('"{0}" lets its subjects bind any role, including ones with more permissions than their own.', verb),
  impersonate: (verb) => t('"{0}" lets its subjects act as other users, groups or service accounts.', verb),
};

/** Pod subresources that give a shell in a running container. */
const POD_SUBRESOURCES = ['exec', 'attach'];
/** Verbs that open them: `create` (SPDY) and `get` (the WebSocket upgrade). */
const SHELL_VERBS = ['create', 'get'];

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
    differences: [
      'Kubescape\'s exec control counts only `create` and `*` on pods/exec; `get` is reported here too, because it opens exec and attach over the WebSocket upgrade, while `list` and `watch`, which open nothing, are not.',
      'Kubescape counts `pods/*` as granting exec, which the RBAC authorizer does not (there is no `<resource>/*` form; rbac-wildcard points such an entry out), and does not count `*/exec`, which the authorizer does.',
    ],
  },
  checkObject(object, context) {
    for (const rule of policyRulesOf(object)) {
      for (const verb of listItems(rule, 'verbs')) {
        const effect = ESCALATION_VERBS[verb.value];
        if (effect) context.report({ at: verb, message: effect(verb.value) });
      }
      if (!coversCoreGroup(rule)) continue;
      const createsPods = listGrants(rule, 'verbs', ['create']);
      // `get` opens exec and attach over WebSockets, `create` over SPDY; `list` and `watch` open nothing.
      const shellVerbs = listItems(rule, 'verbs').filter((v) => v.value === '*' || SHELL_VERBS.includes(v.value)).map((v) => v.value);
      for (const resource of listItems(rule, 'resources')) {
        const shells = shellVerbs.length ? POD_SUBRESOURCES.filter((sub) => resourceEntryGrants(resource.value, 'pods', sub)).map((sub) => `pods/${sub}`) : [];
        const pods = createsPods && resourceEntryGrants(resource.value, 'pods');
        if (pods && shells.length) {
          context.report({ at: resource, message: t('"{0}" lets its subjects create pods, which run as any service account of the namespace and mount the Secrets it can read, and open a shell in running pods ({1}, with {2}).', resource.value, shells.join(', '), shellVerbs.join(', ')) });
        } else if (pods) {
          context.report({ at: resource, message: t('Creating pods lets its subjects run a pod as any service account of the namespace and read the Secrets it can mount.') });
        } else if (shells.length) {
          context.report({ at: resource, message: t('"{0}" with {1} gives its subjects a shell in running pods ({2}), with their credentials.', resource.value, shellVerbs.join(', '), shells.join(', ')) });
        }
      }
    }
  },
});
