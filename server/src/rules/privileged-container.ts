import { describeContainer } from '../engine/k8s.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { containerSecurityContext } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'privileged-container',
    title: 'Privileged containers',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'A privileged container runs with every capability and sees every device of the node: it is root on the node in all but name, so a compromise of the container is a compromise of the node and of every pod on it.',
    remediation: 'Set `securityContext.privileged: false` (or remove it) and grant only the specific capabilities the process needs.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    pss: { level: 'baseline', control: 'Privileged Containers', checks: ['privileged'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A privileged container may need the access it has (device plugins, CNI and storage agents): without it, it can fail to start or to work.',
    },
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      const pair = pairOf(containerSecurityContext(container), 'privileged');
      if (pair?.value.kind !== 'scalar' || pair.value.value !== true) continue;
      context.report({
        at: pair.value,
        message: t('{0} runs privileged: it has full access to the node.', describeContainer(container)),
        fixes: fixOf(t('Set privileged: false'), setValue(context.edits, pair, false), false),
      });
    }
  },
});
