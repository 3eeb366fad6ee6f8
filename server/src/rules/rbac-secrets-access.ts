import { itemsAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { coversCoreGroup, entriesGranting, listGrants, listItems, policyRulesOf } from './lib/rbac.js';

const READ_VERBS = ['get', 'list', 'watch'];

export default defineRule({
  meta: {
    id: 'rbac-secrets-access',
    title: 'Read access to Secrets',
    severity: 'warning',
    category: 'rbac',
    rationale:
      'Reading Secrets yields the credentials in them: service account tokens, registry passwords, TLS keys, database passwords. `list` and `watch` return every Secret of the namespace (or cluster) with its contents, not just the names.',
    remediation: 'Grant Secret access only to the workloads that need it, limited with `resourceNames` to the Secrets they use; mount Secrets into pods instead of reading them through the API.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
    fixable: false,
  },
  checkObject(object, context) {
    for (const rule of policyRulesOf(object)) {
      if (!coversCoreGroup(rule) || !listGrants(rule, 'verbs', READ_VERBS)) continue;
      const verbs = listItems(rule, 'verbs').map((v) => v.value).filter((v) => v === '*' || READ_VERBS.includes(v));
      // Limited to named Secrets, the access is deliberate and narrow: still worth a note.
      const named = itemsAt(rule, 'resourceNames').length;
      for (const item of entriesGranting(rule, 'secrets')) {
        if (item.value !== 'secrets') {
          // `*`: Secrets among every other resource.
          context.report({ at: item, ...(named > 0 ? { severity: 'info' as const } : {}), message: t('"{0}" includes Secrets: this rule lets its subjects read them ({1}).', item.value, verbs.join(', ')) });
        } else if (named > 0) context.report({ at: item, severity: 'info', message: named === 1 ? t('This rule lets its subjects read one named Secret ({0}).', verbs.join(', ')) : t('This rule lets its subjects read {0} named Secrets ({1}).', named, verbs.join(', ')) });
        else context.report({ at: item, message: t('This rule lets its subjects read Secrets ({0}).', verbs.join(', ')) });
      }
    }
  },
});
