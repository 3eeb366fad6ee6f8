import { describeContainer } from '../engine/k8s.js';
import { getMap, pairOf, type YMap } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

/** The block sets `ephemeral-storage` to a value (`ephemeral-storage:` with nothing after it does not). */
function setsStorage(block: YMap | undefined): boolean {
  const value = pairOf(block, 'ephemeral-storage')?.value;
  return value !== undefined && !(value.kind === 'scalar' && (value.value === null || value.value === ''));
}

export default defineRule({
  meta: {
    id: 'ephemeral-storage',
    title: 'Containers without an ephemeral-storage request and limit',
    severity: 'info',
    category: 'workload',
    rationale:
      'A container\'s writable layer, its logs and its `emptyDir` volumes live on the node\'s disk. Without a limit, one container that fills them (a log storm, a runaway cache, an attacker writing files) fills the node\'s disk, and the kubelet then evicts other pods of the node; without a request, the scheduler places pods on nodes whose disk is already short. The rule is off by default: most workloads write little, and the right sizes are known only from running them.',
    remediation:
      'Set `resources.limits.ephemeral-storage` on every container, and `resources.requests.ephemeral-storage` when it should be lower (the request defaults to the limit), sized from the running workload; or give the namespace a LimitRange with defaults for them. No automatic fix: the sizes depend on the workload.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
    fixable: false,
    disabledByDefault: true,
    differences: [
      'kube-score\'s container-ephemeral-storage-request-and-limit check is on by default; this rule is off unless configured, since it reports nearly every manifest and its sizes cannot be guessed.',
      'A container with a limit and no request is not reported: the API server sets the request to the limit.',
    ],
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      // Ephemeral containers may not declare resources at all.
      if (container.kind === 'ephemeralContainers') continue;
      const resources = pairOf(container.node, 'resources');
      const request = setsStorage(getMap(resources?.value, 'requests'));
      const limit = setsStorage(getMap(resources?.value, 'limits'));
      // A limit alone is enough: the API server sets the request to it.
      if (limit) continue;
      const who = describeContainer(container);
      context.report({
        at: resources?.key ?? container.anchor,
        message: request ? t('{0} has no ephemeral-storage limit.', who) : t('{0} has no ephemeral-storage request and limit.', who),
      });
    }
  },
});
