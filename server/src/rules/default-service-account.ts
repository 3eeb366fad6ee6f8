import { pairOf, scalarAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'default-service-account',
    title: 'Pods running as the default ServiceAccount',
    severity: 'warning',
    category: 'rbac',
    rationale:
      'A pod that names no ServiceAccount runs as its namespace\'s `default` one, which every other such pod of the namespace shares. Whatever a RoleBinding grants `default` for one workload is granted to all of them, and the API server cannot tell them apart in its audit log. The rule is off by default: nearly every example and chart runs some pods this way, and a pod that never calls the API server gains nothing from its own account (`service-account-token` already reports the token it need not mount).',
    remediation:
      'Create a ServiceAccount per workload, bind it only the roles that workload needs, and name it in `serviceAccountName`. A pod that does not talk to the API server at all may instead set `automountServiceAccountToken: false`. No automatic fix: the ServiceAccount must exist before pods can use it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
    fixable: false,
    disabledByDefault: true,
    controlPlaneNeed: 'The kubelet runs static pods without a ServiceAccount: they cannot name one.',
    differences: [
      'Like kube-linter\'s default-service-account check, this rule is off by default; unlike it and kubesec\'s ServiceAccountName rule, it stays silent on a pod that sets `automountServiceAccountToken: false`, which holds no credentials of the account.',
    ],
  },
  checkPod(pod, context) {
    // Only a Pod and a workload's template run pods; a PodTemplate is a fragment filled in elsewhere.
    if (pod.object.kind === 'PodTemplate') return;
    // Without the account's token mounted, sharing the account gives the pod nothing.
    if (scalarAt(pod.spec, 'automountServiceAccountToken') === false) return;
    const named = pairOf(pod.spec, 'serviceAccountName') ?? pairOf(pod.spec, 'serviceAccount');
    const value = named?.value.kind === 'scalar' ? named.value.value : undefined;
    if (named && value !== null && value !== undefined && value !== '' && value !== 'default') return;
    context.report({
      at: named && value === 'default' ? named.value : pod.anchor,
      message: named && value === 'default' ? t('The pod names the default ServiceAccount, which every pod of the namespace without its own account shares.') : t('The pod names no ServiceAccount: it runs as the namespace\'s default one, shared by every pod without its own account.'),
    });
  },
});
