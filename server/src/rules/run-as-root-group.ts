import { itemsAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { describeLevel, explicitSettings, podSecurityContext, scalarOf, settingOf, usesUserNamespace } from './lib/security-context.js';

export default defineRule({
  meta: {
    id: 'run-as-root-group',
    title: 'Running with the root group',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      '`runAsGroup: 0` makes root (GID 0) the primary group of the process, and `fsGroup: 0` or a 0 in `supplementalGroups` adds it to every container of the pod. Files of the image and of mounted node paths that are group-owned by root and group-writable (common in images built for OpenShift, and in `/etc`) then become writable to a process that is not root itself, and files it creates belong to the root group.',
    remediation:
      'Set `runAsGroup` and `fsGroup` to a non-zero GID the image supports, and leave 0 out of `supplementalGroups`, or run the pod in its own user namespace (`hostUsers: false`). No automatic fix: the right GID depends on the image and on who must read the volumes.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context',
    ],
    fixable: false,
  },
  checkPod(pod, context) {
    // In its own user namespace (`hostUsers: false`) GID 0 is not the node's root group.
    if (usesUserNamespace(pod)) return;
    for (const setting of explicitSettings(pod, 'runAsGroup')) {
      if (scalarOf(setting.pair.value) !== 0) continue;
      context.report({ at: setting.pair.value, message: t('runAsGroup: 0 on {0}: its processes run with the root group.', describeLevel(setting)) });
    }
    const own = podSecurityContext(pod);
    // fsGroup and supplementalGroups exist at the pod level only.
    const fsGroup = settingOf(own, 'fsGroup');
    if (fsGroup && scalarOf(fsGroup.value) === 0) {
      context.report({ at: fsGroup.value, message: t('fsGroup: 0 adds the root group to every container of the pod and gives it the pod\'s volumes.') });
    }
    for (const item of itemsAt(own, 'supplementalGroups')) {
      if (scalarOf(item) !== 0) continue;
      context.report({ at: item, message: t('supplementalGroups holds 0: every container of the pod runs with the root group.') });
    }
  },
});
