import { describeContainer } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { containerSecurityContext, holdsMisspellingOf, isWindowsPod } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'read-only-root-filesystem',
    title: 'Read-only root filesystem',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      "A writable root filesystem lets an attacker who gets code execution in the container modify its binaries and configuration, drop tools, and persist until the container restarts. A read-only root filesystem makes the image immutable at run time; the places that must be writable are declared as volumes.",
    remediation: 'Set `securityContext.readOnlyRootFilesystem: true` on every container, and mount an `emptyDir` at each path the process writes to (such as `/tmp`).',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/security/security-checklist/#pod-security',
    ],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A process that writes outside its mounted volumes (a cache, a PID file, `/tmp`) fails once the root filesystem is read-only: the writable paths have to be mounted first.',
    },
    differences: [
      'Each container without `readOnlyRootFilesystem: true` is reported, where kubesec awards its ReadOnlyRootFilesystem point when any one container of the pod sets it.',
    ],
  },
  checkPod(pod, context) {
    // Windows does not support read-only root filesystems; the API rejects the field there.
    if (isWindowsPod(pod)) return;
    for (const container of pod.containers) {
      const pair = pairOf(containerSecurityContext(container), 'readOnlyRootFilesystem');
      if (pair?.value.kind === 'scalar' && pair.value.value === true) continue;
      const misspelt = !pair && holdsMisspellingOf(containerSecurityContext(container), 'readOnlyRootFilesystem');
      const edits = pair?.value.viaAlias || misspelt ? undefined : context.edits.setPath(container.node, ['securityContext', 'readOnlyRootFilesystem'], true);
      const fixes = edits ? [{ title: t('Set readOnlyRootFilesystem: true'), edits, safe: false }] : [];
      context.report({
        at: pair ? pair.value : container.anchor,
        message: pair
          ? t('{0} sets readOnlyRootFilesystem to something other than true: its filesystem is writable.', describeContainer(container))
          : t('{0} does not set readOnlyRootFilesystem: true, so its root filesystem is writable.', describeContainer(container)),
        fixes,
      });
    }
  },
});
