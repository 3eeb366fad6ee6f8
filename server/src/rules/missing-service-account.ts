import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { namespaceOf, workloadsByNamespace } from './lib/tenancy.js';

export default defineRule({
  meta: {
    id: 'missing-service-account',
    title: 'Pods naming a ServiceAccount no manifest defines',
    severity: 'warning',
    category: 'rbac',
    rationale:
      'The API server refuses to create a pod whose ServiceAccount does not exist, so a misspelt `serviceAccountName` leaves the workload without pods; an account created by hand outside the repository escapes review of what it is bound to. The rule speaks only when the analysed files define ServiceAccounts of the pod\'s namespace and none has the name: a namespace whose accounts live elsewhere is left alone.',
    remediation:
      'Correct `serviceAccountName`, or add the ServiceAccount (and the RoleBindings it needs) to the manifests of the namespace.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    fixable: false,
    differences: [
      'kube-linter\'s non-existent-service-account check reports a pod whenever its ServiceAccount is missing from the input; this rule stays silent unless the input defines ServiceAccounts of the pod\'s namespace, so that a manifest scanned without its namespace\'s accounts is not reported.',
    ],
  },
  checkWorkspace(view, context) {
    const accounts = new Map<string, Set<string>>();
    for (const account of view.ofKind('ServiceAccount')) {
      if (account.apiVersion !== 'v1' || !account.name) continue;
      const namespace = namespaceOf(account);
      const names = accounts.get(namespace);
      if (names) names.add(account.name);
      else accounts.set(namespace, new Set([account.name]));
    }
    for (const [namespace, workloads] of workloadsByNamespace(view.objects)) {
      const defined = accounts.get(namespace);
      if (!defined) continue;
      for (const workload of workloads) {
        const field = workload.pod?.serviceAccountField;
        const name = field?.value;
        // Every namespace has `default`: the API server creates it.
        if (!field || !name || name === 'default' || defined.has(name)) continue;
        context.report({
          object: workload,
          at: field.at,
          message: t('ServiceAccount {0} is not defined in namespace {1} {2}: the API server refuses pods that name a missing account.', name, namespace, view.scopeDescription),
        });
      }
    }
  },
});
