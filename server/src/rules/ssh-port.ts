import { describeContainer } from '../engine/k8s.js';
import { isMap, itemsAt, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

const SSH = 22;

export default defineRule({
  meta: {
    id: 'ssh-port',
    title: 'Containers exposing SSH',
    severity: 'warning',
    category: 'network',
    rationale:
      'An SSH server in a container is a second way in that bypasses Kubernetes access control and audit logging, usually with long-lived keys or passwords. Containers are replaced, not logged into.',
    remediation: 'Remove the SSH server and port 22; use `kubectl exec` or `kubectl debug` (which are authorised and audited) to get a shell.',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const port of itemsAt(container.node, 'ports')) {
        if (!isMap(port)) continue;
        for (const key of ['containerPort', 'hostPort']) {
          const value = pairOf(port, key)?.value;
          if (value?.kind !== 'scalar' || Number(value.value) !== SSH) continue;
          context.report({ at: value, message: t('{0} exposes port 22 ({1}): an SSH server bypasses Kubernetes access control.', describeContainer(container), key) });
        }
      }
    }
  },
});
