import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'host-aliases',
    title: 'Host names pinned in the pod (hostAliases)',
    severity: 'warning',
    category: 'network',
    rationale:
      '`hostAliases` writes entries into the pod\'s `/etc/hosts`, ahead of the cluster\'s DNS. A name pinned there keeps pointing at an address after the service behind it has moved, and a manifest can quietly send a well-known name (a registry, an identity provider, an API) to an address of its choosing, which no DNS policy or audit of the cluster\'s DNS shows.',
    remediation:
      'Remove `hostAliases` and resolve the names through DNS: a Service (an `ExternalName` Service or one without a selector plus an EndpointSlice) for addresses outside the cluster, or the cluster DNS\'s own configuration for site-wide names. No automatic fix: the workload may depend on the entries.',
    references: [
      'https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/',
      'https://kubernetes.io/docs/concepts/services-networking/service/#externalname',
    ],
    fixable: false,
    differences: [
      'kubesec also reports `hostAliases` (its spec-hostaliases check); this rule stays silent on an empty list, which adds no entry to `/etc/hosts`.',
    ],
  },
  checkPod(pod, context) {
    const pair = pairOf(pod.spec, 'hostAliases');
    if (!pair || pair.value.kind !== 'seq' || pair.value.items.length === 0) return;
    const count = pair.value.items.length;
    context.report({
      at: pair.key,
      message: count === 1 ? t('The pod pins 1 host name in /etc/hosts (hostAliases), outside the cluster\'s DNS.') : t('The pod pins {0} host names in /etc/hosts (hostAliases), outside the cluster\'s DNS.', count),
    });
  },
});
