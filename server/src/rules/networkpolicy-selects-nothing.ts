import { apiGroupOf } from '../engine/k8s.js';
import { getMap, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { selectorMatches } from '../engine/selectors.js';
import { t } from '../l10n/t.js';
import { namespaceOf, workloadsByNamespace } from './lib/tenancy.js';

/** A kind served by an extension API (`monitoring.coreos.com/v1`), not by Kubernetes itself (`apps/v1`, `networking.k8s.io/v1`). */
function isCustomResource(apiVersion: string): boolean {
  const group = apiGroupOf(apiVersion);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

export default defineRule({
  meta: {
    id: 'networkpolicy-selects-nothing',
    title: 'NetworkPolicies that select no pod',
    severity: 'warning',
    category: 'network',
    rationale:
      'A NetworkPolicy applies only to the pods its `podSelector` matches. A selector that matches no pod of its namespace (a misspelt label, a label the chart renamed, the wrong namespace) isolates nothing, while its author believes the workload is protected. The rule judges from the workloads it sees: it speaks only when the analysed files hold workloads of the policy\'s namespace, none of them matches, and the namespace holds no custom resource (an operator\'s Prometheus or database cluster runs pods the files do not show).',
    remediation:
      'Make the `podSelector` match the labels of the pod template it is meant for (`kubectl get pods -n <namespace> --show-labels` shows them), or move the policy to the namespace of those pods. Delete a policy whose workload is gone.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ],
    fixable: false,
    differences: [
      'kube-linter\'s dangling-networkpolicy check (off by default) compares the selector with the workloads of the whole input; this rule compares it only with the workloads of the policy\'s own namespace, and says nothing when the analysed files hold none there.',
    ],
  },
  checkWorkspace(view, context) {
    const workloads = workloadsByNamespace(view.objects);
    // An operator's custom resource (a Prometheus, a Kafka cluster) runs pods the files do not show.
    const operated = new Set(view.objects.filter((object) => !object.podLabels && isCustomResource(object.apiVersion)).map(namespaceOf));
    for (const policy of view.ofKind('NetworkPolicy')) {
      const selector = policy.networkPolicy?.podSelector;
      // An unreadable selector might select anything: stay silent rather than guess.
      if (!selector) continue;
      const namespace = namespaceOf(policy);
      const candidates = workloads.get(namespace);
      if (!candidates || operated.has(namespace) || candidates.some((workload) => selectorMatches(selector, workload.podLabels!))) continue;
      const key = pairOf(getMap(policy.object.node, 'spec'), 'podSelector')?.key;
      context.report({
        object: policy,
        ...(key ? { at: key } : {}),
        message:
          candidates.length === 1
            ? t('NetworkPolicy {0} selects no pod: its podSelector does not match the pod labels of {1}, the only workload of namespace {2} {3}. It isolates nothing.', policy.name ?? '', `${candidates[0]!.kind} ${candidates[0]!.name ?? ''}`.trim(), namespace, view.scopeDescription)
            : t('NetworkPolicy {0} selects no pod: its podSelector matches none of the {1} workloads of namespace {2} {3}. It isolates nothing.', policy.name ?? '', candidates.length, namespace, view.scopeDescription),
      });
    }
  },
});
