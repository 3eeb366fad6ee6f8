import { describeObject } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'service-account-token',
    title: 'Service account token mounted automatically',
    severity: 'warning',
    category: 'workload',
    rationale:
      'Unless told otherwise, Kubernetes mounts a token of the pod\'s service account into every container. Most applications never call the Kubernetes API, yet anyone who takes over the container can use that token with all the permissions bound to the account.',
    remediation:
      'Set `automountServiceAccountToken: false` in the pod spec. A workload that does call the API should use a dedicated service account with minimal RBAC and, where possible, a projected token volume.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A workload that calls the Kubernetes API (controllers, operators, many agents) loses its credentials.',
    },
    controlPlaneNeed:
      'a static pod gets no service account token: the kubelet runs it without the ServiceAccount admission that adds one.',
  },
  checkPod(pod, context) {
    const pair = pairOf(pod.spec, 'automountServiceAccountToken');
    if (pair?.value.kind === 'scalar' && pair.value.value === false) return;
    const fix = { title: t('Set automountServiceAccountToken: false'), safe: false };
    if (pair) {
      context.report({
        at: pair.value,
        message: t('{0} mounts its service account token: automountServiceAccountToken is not false.', describeObject(pod.object)),
        fixes: pair.value.viaAlias ? [] : [{ ...fix, edits: [context.edits.replace(pair.value, 'false')] }],
      });
      return;
    }
    context.report({
      at: pod.anchor,
      message: t('{0} mounts its service account token by default: set automountServiceAccountToken: false unless it calls the Kubernetes API.', describeObject(pod.object)),
      fixes: [{ ...fix, edits: context.edits.insertKey(pod.spec, 'automountServiceAccountToken', false) }],
    });
  },
});
