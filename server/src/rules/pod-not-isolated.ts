import { defineRule } from '../engine/rule.js';
import { describeLabels, selectorMatches } from '../engine/selectors.js';
import type { IndexedObject } from '../engine/workspace.js';
import { t } from '../l10n/t.js';
import { namespaceOf, workloadInNamespace } from './lib/tenancy.js';

const covers = (policy: IndexedObject, direction: 'Ingress' | 'Egress'): boolean => policy.networkPolicy?.policyTypes.includes(direction) ?? false;
const names = (policies: readonly IndexedObject[]): string => policies.map((p) => p.name ?? '?').join(', ');

export default defineRule({
  meta: {
    id: 'pod-not-isolated',
    title: 'Workloads whose pods no NetworkPolicy selects',
    severity: 'warning',
    category: 'network',
    rationale:
      'A pod is isolated for a direction only once a NetworkPolicy that selects it covers that direction in its policyTypes (Ingress always when policyTypes is omitted, Egress when the policy has egress rules). A workload that no Ingress policy of its namespace selects accepts connections from every pod of the cluster, whatever policies exist for its neighbours; one that no Egress policy selects may open connections anywhere.',
    remediation:
      'Add a NetworkPolicy in the workload\'s namespace whose podSelector matches its pod labels and whose policyTypes list Ingress and Egress (a default-deny policy with `podSelector: {}` covers every pod of the namespace), and allow only the traffic it needs.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#isolated-and-non-isolated-pods'],
    fixable: false,
    differences: [
      'A policy counts only for the directions its policyTypes cover (with the API server\'s default when omitted), so an Egress-only policy leaves the pod reported as open to ingress, where checks that only look for a selecting policy stay silent.',
      'Open egress under an Ingress-only policy is reported as information, where kube-score gives a pod without a matching egress policy the same warning as one without a matching ingress policy: open ingress is the larger exposure.',
      'A pod whose ingress is isolated and whose egress is open is reported (as information), where kube-linter\'s non-isolated-pod check looks at ingress alone and stays silent.',
      'A policy whose policyTypes list a direction but that allows nothing in it (no ingress or no egress rules) isolates the pod in that direction, as the API defines it, so the pod is not reported, where Polaris\'s missingNetworkPolicy check reports such a policy as missing rules.',
    ],
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
      if (workload.pod?.hostNetwork) continue;
      const namespace = namespaceOf(workload);
      const policies = policiesByNamespace.get(namespace) ?? [];
      // An unreadable selector might select the pods: stay silent rather than guess.
      if (policies.some((p) => !p.networkPolicy?.podSelector)) continue;
      const selecting = policies.filter((p) => selectorMatches(p.networkPolicy!.podSelector!, labels));
      const ingress = selecting.filter((p) => covers(p, 'Ingress'));
      const egress = selecting.filter((p) => covers(p, 'Egress'));
      if (ingress.length && egress.length) continue;
      const what = workloadInNamespace(workload, namespace);
      const labelsKey = workload.podLabelsKey;
      const at = labelsKey ? { at: labelsKey } : {};
      let message: string;
      if (selecting.length === 0) {
        message =
          policies.length === 1
            ? t('{0}: no NetworkPolicy {1} selects its pods ({2}; the NetworkPolicy of its namespace selects other pods). They accept connections from anywhere in the cluster and may open connections anywhere.', what, view.scopeDescription, describeLabels(labels))
            : policies.length > 1
              ? t('{0}: no NetworkPolicy {1} selects its pods ({2}; the {3} NetworkPolicies of its namespace select other pods). They accept connections from anywhere in the cluster and may open connections anywhere.', what, view.scopeDescription, describeLabels(labels), policies.length)
              : t('{0}: no NetworkPolicy {1} selects its pods ({2}). They accept connections from anywhere in the cluster and may open connections anywhere.', what, view.scopeDescription, describeLabels(labels));
      } else if (!ingress.length) {
        message = egress.length
          ? t('{0}: the NetworkPolicies that select its pods ({1}) cover only Egress in their policyTypes, so ingress is not isolated: its pods accept connections from anywhere in the cluster.', what, names(selecting))
          : t('{0}: the NetworkPolicies that select its pods ({1}) cover neither Ingress nor Egress in their policyTypes: its pods accept connections from anywhere in the cluster and may open connections anywhere.', what, names(selecting));
      } else {
        // Ingress is isolated; open egress is a lesser exposure, worth knowing about.
        context.report({
          object: workload,
          ...at,
          severity: 'info',
          message: t('{0}: ingress is isolated by {1}, but no NetworkPolicy covering Egress selects its pods: they may open connections anywhere.', what, names(ingress)),
        });
        continue;
      }
      context.report({ object: workload, ...at, message });
    }
  },
});
