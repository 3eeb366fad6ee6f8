import { describeContainer, type Container } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { capabilitiesOf } from './lib/capabilities.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { containerSecurityContext, holdsMisspellingOf, isWindowsPod, scalarOf, setInContainerSecurityContext, settingOf } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'privilege-escalation',
    title: 'Privilege escalation',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'Unless `allowPrivilegeEscalation` is `false`, a process in the container can gain more privileges than its parent (through setuid binaries or file capabilities), which turns a foothold as an unprivileged user into root inside the container.',
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container. Windows pods (`spec.os.name: windows`) are exempt.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    pss: { level: 'restricted', control: 'Privilege Escalation', checks: ['allowPrivilegeEscalation'] },
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        '`allowPrivilegeEscalation: false` only stops setuid programs and file capabilities from giving a process more than it has, which services rarely rely on: the fix is safe. Beside `privileged: true` or an added SYS_ADMIN the API server rejects the setting, so there the fix is unsafe and left to a person (the other setting has to go first).',
    },
  },
  checkPod(pod, context) {
    // Linux-only control: the restricted policy does not apply it to Windows pods.
    if (isWindowsPod(pod)) return;
    for (const container of pod.containers) {
      const pair = settingOf(containerSecurityContext(container), 'allowPrivilegeEscalation');
      if (pair && scalarOf(pair.value) === false) continue;
      const misspelt = !pair && holdsMisspellingOf(containerSecurityContext(container), 'allowPrivilegeEscalation');
      const edits = pair
        ? setValue(context.edits, pair, false)
        : misspelt ? undefined : setInContainerSecurityContext(context.edits, container, ['allowPrivilegeEscalation'], false);
      context.report({
        at: pair?.value ?? container.anchor,
        message: pair
          ? t('{0} allows privilege escalation: set allowPrivilegeEscalation to false.', describeContainer(container))
          : t('{0} does not set allowPrivilegeEscalation: false, so its processes may gain privileges.', describeContainer(container)),
        // The API rejects allowPrivilegeEscalation: false beside privileged: true or an added
        // SYS_ADMIN; those need their own fix first (fix-all applies it, then this one).
        fixes: needsEscalation(container)
          ? fixOf(t('Set allowPrivilegeEscalation: false'), edits, false).map((fix) => ({ ...fix, manual: true }))
          : fixOf(t('Set allowPrivilegeEscalation: false'), edits, true),
      });
    }
  },
});

/** True when the container's other settings imply privilege escalation (privileged, or SYS_ADMIN added). */
function needsEscalation(container: Container): boolean {
  if (scalarOf(pairOf(containerSecurityContext(container), 'privileged')?.value) === true) return true;
  return (capabilitiesOf(container)?.add?.items ?? []).some((item) => ['SYS_ADMIN', 'CAP_SYS_ADMIN'].includes(String(scalarOf(item))));
}
