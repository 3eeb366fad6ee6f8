import { describeContainer } from '../engine/k8s.js';
import { isMap, itemsAt, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixesOf, removeKeyFix } from './lib/fixes.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'host-port',
    title: 'Ports bound on the node',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      "A `hostPort` binds the container port on the node's own addresses. It bypasses Services and network policies aimed at pod IPs, exposes the workload on every network the node is on, and pins the pod to nodes where the port is free.",
    remediation: 'Remove `hostPort` and expose the port through a Service (NodePort or LoadBalancer when it must be reachable from outside).',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/configuration/overview/#services',
    ],
    pss: { level: 'baseline', control: 'Host Ports', checks: ['hostPorts'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Clients that reach the workload at the node\'s address and port lose it once `hostPort` is removed; a Service has to be in front of it first.',
    },
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const port of itemsAt(container.node, 'ports')) {
        if (!isMap(port)) continue;
        const pair = pairOf(port, 'hostPort');
        // Pod Security Admission allows only an unset or zero hostPort.
        if (pair?.value.kind !== 'scalar' || pair.value.value === null || pair.value.value === 0) continue;
        context.report({
          at: pair.key,
          message: t('{0} binds hostPort {1} on the node.', describeContainer(container), String(pair.value.value)),
          fixes: fixesOf(removeKeyFix(context, port, pair, false)),
        });
      }
    }
  },
});
