import { describeContainer } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { containerSecurityContext, isWindowsPod, scalarOf, setInContainerSecurityContext } from './lib/security-context.js';

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
  },
  checkPod(pod, context) {
    // Linux-only control: the restricted policy does not apply it to Windows pods.
    if (isWindowsPod(pod)) return;
    for (const container of pod.containers) {
      const pair = pairOf(containerSecurityContext(container), 'allowPrivilegeEscalation');
      if (pair && scalarOf(pair.value) === false) continue;
      if (pair) {
        context.report({
          at: pair.value,
          message: `${describeContainer(container)} allows privilege escalation: set allowPrivilegeEscalation to false.`,
          fixes: [{ title: 'Set allowPrivilegeEscalation: false', edits: [context.edits.replace(pair.value, 'false')], safe: true }],
        });
        continue;
      }
      const edits = setInContainerSecurityContext(context.edits, container, ['allowPrivilegeEscalation'], false);
      context.report({
        at: container.anchor,
        message: `${describeContainer(container)} does not set allowPrivilegeEscalation: false, so its processes may gain privileges.`,
        fixes: edits ? [{ title: 'Add allowPrivilegeEscalation: false', edits, safe: true }] : [],
      });
    }
  },
});
