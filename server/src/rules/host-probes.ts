import { describeContainer } from '../engine/k8s.js';
import { getMap, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixesOf, removeKeyFix } from './lib/fixes.js';
import { t } from '../l10n/t.js';

/** Where a container declares handlers that the kubelet itself calls. */
const HANDLER_PATHS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const ACTIONS = ['httpGet', 'tcpSocket'];

export default defineRule({
  meta: {
    id: 'host-probes',
    title: 'Probe and lifecycle hosts',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      "Probes and lifecycle hooks are performed by the kubelet from the node. A `host` in an `httpGet` or `tcpSocket` handler makes the kubelet connect to any address the pod author names, including the node's localhost and internal services, and report back whether they answer.",
    remediation: 'Remove `host`, so that the kubelet connects to the pod IP. To send a virtual host name, set an `httpHeaders` entry `Host` instead.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes',
    ],
    pss: { level: 'baseline', control: 'Probes / Lifecycle Hooks', checks: ['hostProbesAndHostLifecycle'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The probe then goes to the pod IP: when the process listens only on the address it was probed at, the probe fails and the kubelet restarts the container.',
    },
    controlPlaneNeed:
      'kubeadm probes the control plane at the address it listens on: on the host network that is the node\'s address or 127.0.0.1, not a pod IP.',
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const path of HANDLER_PATHS) {
        for (const action of ACTIONS) {
          const handler = getMap(container.node, ...path, action);
          const pair = pairOf(handler, 'host');
          // The policy allows only an empty or unset host.
          if (!handler || pair?.value.kind !== 'scalar' || pair.value.value === null || pair.value.value === '') continue;
          context.report({
            at: pair.value,
            message: t('The {0} {1} of {2} targets host {3}: the kubelet connects to it from the node.', path.join('.'), action, describeContainer(container), String(pair.value.value)),
            fixes: fixesOf(removeKeyFix(context, handler, pair, false, t('Remove host (probe the pod IP)'))),
          });
        }
      }
    }
  },
});
