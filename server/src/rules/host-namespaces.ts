import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixesOf, removeKeyFix } from './lib/fixes.js';
import { t } from '../l10n/t.js';

const NAMESPACES: Readonly<Record<string, () => string>> = {
  hostNetwork: () => t("hostNetwork: true shares the node's network stack (every interface, localhost services, traffic of other pods) with the pod."),
  hostPID: () => t("hostPID: true shares the node's processes (it can see and signal every process on the node) with the pod."),
  hostIPC: () => t("hostIPC: true shares the node's IPC namespace (shared memory of every process on the node) with the pod."),
};

export default defineRule({
  meta: {
    id: 'host-namespaces',
    title: 'Host namespaces',
    severity: 'error',
    category: 'pod-security',
    rationale:
      "A pod with `hostNetwork`, `hostPID` or `hostIPC` shares that namespace with the node: it can reach services bound to the node's localhost, sniff traffic, see and signal the node's processes, or read their shared memory. The isolation between the pod and the node is gone for that resource.",
    remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to `false`). Expose network services through a Service instead of the host network.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking',
    ],
    pss: { level: 'baseline', control: 'Host Namespaces', checks: ['hostNamespaces'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Removing `hostNetwork`, `hostPID` or `hostIPC` changes how the pod is reached (a pod IP instead of the node\'s addresses) and stops workloads built to use the node\'s namespaces, such as CNI agents and node monitors.',
    },
    controlPlaneNeed:
      'kubeadm runs the control plane on the host network: kube-apiserver and etcd listen on the node\'s addresses before any pod network exists.',
  },
  checkPod(pod, context) {
    for (const [key, message] of Object.entries(NAMESPACES)) {
      const pair = pairOf(pod.spec, key);
      if (pair?.value.kind !== 'scalar' || pair.value.value !== true) continue;
      context.report({
        at: pair.key,
        message: message(),
        fixes: fixesOf(removeKeyFix(context, pod.spec, pair, false)),
      });
    }
  },
});
