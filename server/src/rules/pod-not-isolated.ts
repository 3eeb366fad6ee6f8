import { podSpecOf } from '../engine/k8s.js';
import { getMap, pairOf, scalarAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { describeLabels, selectorMatches } from '../engine/selectors.js';
import type { IndexedObject } from '../engine/workspace.js';
import { namespaceOf } from './lib/tenancy.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'pod-not-isolated',
    title: 'Workloads whose pods no NetworkPolicy selects',
    severity: 'warning',
    category: 'network',
    rationale:
      'A pod is isolated only once a NetworkPolicy selects it. A workload that no policy of its namespace selects accepts connections from every pod of the cluster and may open connections anywhere, whatever policies exist for its neighbours.',
    remediation:
      'Add a NetworkPolicy in the workload\'s namespace whose podSelector matches its pod labels (a default-deny policy with `podSelector: {}` covers every pod of the namespace), and allow only the traffic it needs.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods'],
    fixable: false,
  },
  checkWorkspace(view, context) {
    const policiesByNamespace = new Map<string, IndexedObject[]>();
    for (const policy of view.ofKind('NetworkPolicy')) {
      const namespace = namespaceOf(policy);
      policiesByNamespace.set(namespace, [...(policiesByNamespace.get(namespace) ?? []), policy]);
    }
    for (const workload of view.objects) {
      const labels = workload.podLabels;
      if (!labels || workload.kind === 'PodTemplate') continue;
      // Pods on the host network are outside the reach of NetworkPolicies; the host namespace rules cover them.
      if (scalarAt(podSpecOf(workload.object)?.spec, 'hostNetwork') === true) continue;
      const namespace = namespaceOf(workload);
      const policies = policiesByNamespace.get(namespace) ?? [];
      // An unreadable selector might select the pods: stay silent rather than guess.
      if (policies.some((p) => !p.networkPolicy?.podSelector || selectorMatches(p.networkPolicy.podSelector, labels))) continue;
      const what = workload.name ? t('{0} {1} (namespace {2})', workload.kind, workload.name, namespace) : t('{0} (namespace {1})', workload.kind, namespace);
      const labelsKey = pairOf(workload.kind === 'Pod' ? getMap(workload.object.node, 'metadata') : podSpecOf(workload.object)?.podMetadata, 'labels')?.key;
      context.report({
        object: workload,
        ...(labelsKey ? { at: labelsKey } : {}),
        message:
          policies.length === 0
            ? t('{0}: no NetworkPolicy {1} selects its pods ({2}). They accept traffic from anywhere in the cluster.', what, view.scopeDescription, describeLabels(labels))
            : policies.length === 1
              ? t('{0}: no NetworkPolicy {1} selects its pods ({2}; the NetworkPolicy of its namespace selects other pods). They accept traffic from anywhere in the cluster.', what, view.scopeDescription, describeLabels(labels))
              : t('{0}: no NetworkPolicy {1} selects its pods ({2}; the NetworkPolicies of its namespace select other pods). They accept traffic from anywhere in the cluster.', what, view.scopeDescription, describeLabels(labels)),
      });
    }
  },
});
