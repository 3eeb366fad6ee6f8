import { defineRule } from '../engine/rule.js';
import { describeLevel, explicitSettings, scalarOf, usesUserNamespace } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'run-as-root-user',
    title: 'Running as the root user',
    severity: 'error',
    category: 'pod-security',
    rationale:
      '`runAsUser: 0` runs the process as root, whatever the image says. Root in a container is one kernel bug or one writable host mount away from root on the node.',
    remediation: 'Set `runAsUser` to a non-zero UID that the image supports (or remove it and set `runAsNonRoot: true`), or run the pod in its own user namespace (`hostUsers: false`). No automatic fix: the right UID depends on the image.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    pss: { level: 'restricted', control: 'Running as Non-root user', checks: ['runAsUser'] },
    fixable: false,
  },
  checkPod(pod, context) {
    // In its own user namespace (`hostUsers: false`) UID 0 is not root on the node.
    if (usesUserNamespace(pod)) return;
    for (const setting of explicitSettings(pod, 'runAsUser')) {
      if (scalarOf(setting.pair.value) !== 0) continue;
      context.report({ at: setting.pair.value, message: t('runAsUser: 0 on {0}: it runs as root.', describeLevel(setting)) });
    }
  },
});
