import { describeObject, podSpecOf } from '../engine/k8s.js';
import { lazyFix } from '../engine/edits.js';
import { pairOf, scalarAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import type { IndexedObject } from '../engine/workspace.js';
import { t } from '../l10n/t.js';
import { namespaceOf } from './lib/tenancy.js';

const FIX_TITLE = () => t('Set automountServiceAccountToken: false');

export default defineRule({
  meta: {
    id: 'service-account-token',
    title: 'Service account token mounted automatically',
    severity: 'warning',
    category: 'workload',
    rationale:
      'Unless told otherwise, Kubernetes mounts a token of the pod\'s service account into every container. Most applications never call the Kubernetes API, yet anyone who takes over the container can use that token with all the permissions bound to the account. The pod\'s `automountServiceAccountToken` decides; when the pod does not set it, its ServiceAccount\'s does.',
    remediation:
      'Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount, for every pod that uses it). A workload that does call the API should use a dedicated service account with minimal RBAC and, where possible, a projected token volume.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A workload that calls the Kubernetes API (controllers, operators, many agents) loses its credentials.',
    },
    controlPlaneNeed:
      'a static pod gets no service account token: the kubelet runs it without the ServiceAccount admission that adds one.',
    differences: [
      'A pod that leaves `automountServiceAccountToken` unset is not reported when its ServiceAccount (in any file of the scan or workspace) sets it to false, as the kubelet honours the ServiceAccount\'s setting then; checks that read the pod alone report it.',
    ],
  },
  // A pod that sets the field decides for itself, whatever its ServiceAccount says.
  checkPod(pod, context) {
    const pair = pairOf(pod.spec, 'automountServiceAccountToken');
    if (!pair || (pair.value.kind === 'scalar' && pair.value.value === false)) return;
    context.report({
      at: pair.value,
      message: t('{0} mounts its service account token: automountServiceAccountToken is not false.', describeObject(pod.object)),
      fixes: pair.value.viaAlias ? [] : [{ title: FIX_TITLE(), safe: false, edits: [context.edits.replace(pair.value, 'false')] }],
    });
  },
  // A pod that does not set it inherits its ServiceAccount's setting, which may live in another file.
  checkWorkspace(view, context) {
    const accounts = new Map<string, IndexedObject>();
    for (const account of view.ofKind('ServiceAccount')) if (account.name) accounts.set(`${namespaceOf(account)}/${account.name}`, account);
    for (const workload of view.objects) {
      const { pod } = workload;
      if (!pod || pod.automountServiceAccountToken) continue;
      // Static pods get no token (see controlPlaneNeed); the per-pod check notes what they set.
      if (pod.controlPlane) continue;
      const name = pod.serviceAccountName ?? 'default';
      const account = accounts.get(`${namespaceOf(workload)}/${name}`);
      const inherited = account && scalarAt(account.object.node, 'automountServiceAccountToken');
      if (inherited === false) continue;
      const what = describeObject(workload.object);
      const message =
        account === undefined
          ? t('{0} mounts its service account token by default (no ServiceAccount {1} {2} turns it off): set automountServiceAccountToken: false unless it calls the Kubernetes API.', what, name, view.scopeDescription)
          : t('{0} mounts its service account token by default: neither the pod nor its ServiceAccount {1} sets automountServiceAccountToken: false. Set it unless the workload calls the Kubernetes API.', what, name);
      context.report({
        object: workload,
        at: pod.anchor,
        message,
        // Every cross-file check reports every such pod again; the edit is written only when a fix is asked for.
        fixes: [lazyFix({ title: FIX_TITLE(), safe: false }, () => context.edits(workload).insertKey(podSpecOf(workload.object)!.spec, 'automountServiceAccountToken', false))],
      });
    }
  },
});
