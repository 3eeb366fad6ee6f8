import { describeContainer } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { containerSecurityContext, podSecurityContext, settingOf, usesUserNamespace } from './lib/security-context.js';

export default defineRule({
  meta: {
    id: 'run-as-non-root',
    title: 'Running as non-root',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'Without `runAsNonRoot: true` the kubelet starts the container as whatever user the image names, often root. Root in a container is one kernel bug or one mounted path away from root on the node.',
    remediation: 'Set `runAsNonRoot: true` in the pod `securityContext` (or in every container) and run the image as a non-zero UID, or run the pod in its own user namespace (`hostUsers: false`).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    pss: { level: 'restricted', control: 'Running as Non-root', checks: ['runAsNonRoot'] },
    fixable: true,
  },
  checkPod(pod, context) {
    // In its own user namespace (`hostUsers: false`) root in the container is not root on the node.
    if (usesUserNamespace(pod)) return;
    const podLevel = settingOf(podSecurityContext(pod), 'runAsNonRoot');
    const podSaysYes = podLevel?.value.kind === 'scalar' && podLevel.value.value === true;
    if (podLevel && !podSaysYes) {
      context.report({
        at: podLevel.value,
        message: 'The pod sets runAsNonRoot to something other than true.',
        fixes: fixOf('Set runAsNonRoot: true', setValue(context.edits, podLevel, true)),
      });
    }
    let missing = 0;
    for (const container of pod.containers) {
      const own = settingOf(containerSecurityContext(container), 'runAsNonRoot');
      if (own) {
        if (own.value.kind === 'scalar' && own.value.value === true) continue;
        context.report({
          at: own.value,
          message: `${describeContainer(container)} sets runAsNonRoot to something other than true.`,
          fixes: fixOf('Set runAsNonRoot: true', setValue(context.edits, own, true)),
        });
      } else if (!podSaysYes) {
        missing++;
      }
    }
    if (missing > 0 && !podLevel) {
      const edits = context.edits.setPath(pod.spec, ['securityContext', 'runAsNonRoot'], true);
      context.report({
        at: pod.anchor,
        message: `runAsNonRoot: true is set neither on the pod nor on ${missing === pod.containers.length ? 'its containers' : `${missing} of its containers`}: they may run as root.`,
        fixes: fixOf('Add runAsNonRoot: true to the pod securityContext', edits),
      });
    }
  },
});
