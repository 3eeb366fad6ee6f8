import { describeContainer, describeObject, type Container } from '../engine/k8s.js';
import { getMap, isMap, isScalar, itemsAt, pairOf, type YMap, type YScalar } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

const SSH = 22;
const SSH_PORT_NAME = 'ssh';

const isSshNumber = (node: YScalar | undefined): boolean => node !== undefined && typeof node.value !== 'boolean' && node.value !== null && String(node.value).trim() !== '' && Number(node.value) === SSH;
const isSshName = (node: YScalar | undefined): boolean => typeof node?.value === 'string' && node.value.toLowerCase() === SSH_PORT_NAME;

function scalarOf(map: YMap, key: string): YScalar | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) ? value : undefined;
}

/** True when a command word runs the SSH daemon: `sshd`, `/usr/sbin/sshd`, or either inside a shell script. */
function runsSshd(text: string): boolean {
  let word = '';
  for (const char of `${text} `) {
    if (' \t\n;&|()\'"`'.includes(char)) {
      if (word.slice(word.lastIndexOf('/') + 1) === 'sshd') return true;
      word = '';
    } else word += char;
  }
  return false;
}

function sshdItem(container: Container): YScalar | undefined {
  for (const key of ['command', 'args']) {
    for (const item of itemsAt(container.node, key)) if (isScalar(item) && typeof item.value === 'string' && runsSshd(item.value)) return item;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'ssh-port',
    title: 'Containers exposing SSH',
    severity: 'warning',
    category: 'network',
    rationale:
      'An SSH server in a container is a second way in that bypasses Kubernetes access control and audit logging, usually with long-lived keys or passwords. Containers are replaced, not logged into. Port 22, a port named `ssh`, a container that starts `sshd`, and a Service that forwards port 22 or a port named `ssh` are all signs of one.',
    remediation: 'Remove the SSH server and port 22; use `kubectl exec` or `kubectl debug` (which are authorised and audited) to get a shell.',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
    fixable: false,
    differences: [
      'A port named `ssh` on any number, a container whose command or args start `sshd`, and a Service that forwards port 22 or `targetPort: ssh` are reported too, where kube-linter\'s ssh-port check looks at container port 22 only.',
    ],
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      for (const port of itemsAt(container.node, 'ports')) {
        if (!isMap(port)) continue;
        let numbered = false;
        for (const key of ['containerPort', 'hostPort']) {
          const value = scalarOf(port, key);
          if (!isSshNumber(value)) continue;
          numbered = true;
          context.report({ at: value!, message: t('{0} exposes port 22 ({1}): an SSH server bypasses Kubernetes access control.', describeContainer(container), key) });
        }
        const name = scalarOf(port, 'name');
        if (!numbered && isSshName(name)) {
          context.report({ at: name!, message: t('{0} has a port named ssh (containerPort {1}): an SSH server bypasses Kubernetes access control.', describeContainer(container), String(scalarOf(port, 'containerPort')?.value ?? '?')) });
        }
      }
      const sshd = sshdItem(container);
      if (sshd) context.report({ at: sshd, message: t('{0} starts sshd: an SSH server bypasses Kubernetes access control.', describeContainer(container)) });
    }
  },
  checkObject(object, context) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return;
    for (const port of itemsAt(getMap(object.node, 'spec'), 'ports')) {
      if (!isMap(port)) continue;
      const exposed = scalarOf(port, 'port');
      const target = scalarOf(port, 'targetPort');
      const at = isSshNumber(exposed) ? exposed : isSshNumber(target) || isSshName(target) ? target : undefined;
      if (!at) continue;
      const message =
        at === exposed
          ? t('{0} exposes port 22: an SSH server bypasses Kubernetes access control.', describeObject(object))
          : t('{0} forwards to targetPort {1} of its pods: an SSH server bypasses Kubernetes access control.', describeObject(object), String(target!.value));
      context.report({ at, message });
    }
  },
});
