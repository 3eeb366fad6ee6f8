import { getMap } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import type { IndexedObject } from '../engine/workspace.js';
import { t } from '../l10n/t.js';
import { namespaceOf, reportNamespacesWithout } from './lib/tenancy.js';

/** What a quota must bound to bound a tenant's compute, each with the `spec.hard` keys that do it. */
const COMPUTE_BOUNDS: readonly { readonly name: string; readonly keys: readonly string[] }[] = [
  { name: 'requests.cpu', keys: ['requests.cpu', 'cpu'] },
  { name: 'limits.cpu', keys: ['limits.cpu'] },
  { name: 'requests.memory', keys: ['requests.memory', 'memory'] },
  { name: 'limits.memory', keys: ['limits.memory'] },
];

/** The `spec.hard` keys of a ResourceQuota. */
function hardKeys(quota: IndexedObject): string[] {
  return getMap(quota.object.node, 'spec', 'hard')?.pairs.map((p) => String(p.key.value)) ?? [];
}

export default defineRule({
  meta: {
    id: 'namespace-resource-quota',
    title: 'Namespaces without a ResourceQuota',
    severity: 'warning',
    category: 'tenancy',
    rationale:
      'A ResourceQuota caps what one namespace can take from the cluster: CPU, memory, pods, services, storage. Without one, a single tenant (or a runaway controller in it) can exhaust the nodes and starve every other namespace. A quota that bounds only object counts (configmaps, pods) leaves CPU and memory unbounded.',
    remediation: 'Add a ResourceQuota to the namespace with limits on requests.cpu, requests.memory, limits.cpu, limits.memory and pods that fit the tenant.',
    references: ['https://kubernetes.io/docs/concepts/policy/resource-quotas/'],
    fixable: false,
  },
  checkWorkspace(view, context) {
    reportNamespacesWithout('ResourceQuota', view, context, t('Its workloads can take any amount of the cluster\'s resources.'));
    const quotasByNamespace = new Map<string, IndexedObject[]>();
    for (const quota of view.ofKind('ResourceQuota')) quotasByNamespace.set(namespaceOf(quota), [...(quotasByNamespace.get(namespaceOf(quota)) ?? []), quota]);
    const namespaces = new Map(view.ofKind('Namespace').flatMap((n) => (n.name === undefined ? [] : [[n.name, n] as const])));
    for (const [namespace, quotas] of quotasByNamespace) {
      const bounded = new Set(quotas.flatMap(hardKeys));
      const missing = COMPUTE_BOUNDS.filter((b) => !b.keys.some((k) => bounded.has(k))).map((b) => b.name);
      if (missing.length === 0) continue;
      // Said once per namespace: on its Namespace object when there is one, else on its first quota.
      context.report({
        object: namespaces.get(namespace) ?? quotas[0]!,
        message: t('namespace {0}: its ResourceQuotas ({1}) set no {2}, so its workloads can take any amount of that from the cluster.', namespace, quotas.map((q) => q.name ?? '?').join(', '), missing.join(', ')),
      });
    }
  },
});
