import { describeContainer, type Container, type PodSpec } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { containerSecurityContext, holdsMisspellingOf, podSecurityContext, scalarOf, settingOf, usesUserNamespace } from './lib/security-context.js';
import { t } from '../l10n/t.js';

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
    fixSafety: {
      level: 'depends',
      reason:
        'Safe only where the pod or the container names a non-zero `runAsUser`: otherwise the kubelet refuses to start a container whose image runs as root, so the fix is unsafe.',
    },
    controlPlaneNeed:
      'kubeadm runs the control-plane components as root, which reads the certificates and keys the node keeps readable by root only.',
    differences: [
      'Each container that neither sets `runAsNonRoot: true` nor inherits it from the pod is reported, including one that overrides the pod\'s setting with `false`, where kubesec awards its RunAsNonRoot point when any one container or the pod sets it.',
    ],
  },
  checkPod(pod, context) {
    // In its own user namespace (`hostUsers: false`) root in the container is not root on the node.
    if (usesUserNamespace(pod)) return;
    const podLevel = settingOf(podSecurityContext(pod), 'runAsNonRoot');
    const podSaysYes = podLevel?.value.kind === 'scalar' && podLevel.value.value === true;
    if (podLevel && !podSaysYes) {
      context.report({
        at: podLevel.value,
        message: t('The pod sets runAsNonRoot to something other than true.'),
        fixes: fixOf(t('Set runAsNonRoot: true'), setValue(context.edits, podLevel, true), pod.containers.every((c) => runsAsKnownNonRootUser(pod, c))),
      });
    }
    let missing = 0;
    for (const container of pod.containers) {
      const own = settingOf(containerSecurityContext(container), 'runAsNonRoot');
      if (own) {
        if (own.value.kind === 'scalar' && own.value.value === true) continue;
        context.report({
          at: own.value,
          message: t('{0} sets runAsNonRoot to something other than true.', describeContainer(container)),
          fixes: fixOf(t('Set runAsNonRoot: true'), setValue(context.edits, own, true), runsAsKnownNonRootUser(pod, container)),
        });
      } else if (!podSaysYes) {
        missing++;
      }
    }
    if (missing > 0 && !podLevel) {
      // A misspelt `runAsNonroot` is renamed by unknown-security-field: adding beside it would write the key twice.
      const misspelt = holdsMisspellingOf(podSecurityContext(pod), 'runAsNonRoot');
      const edits = misspelt ? undefined : context.edits.setPath(pod.spec, ['securityContext', 'runAsNonRoot'], true);
      context.report({
        at: pod.anchor,
        message:
          missing === pod.containers.length
            ? t('runAsNonRoot: true is set neither on the pod nor on its containers: they may run as root.')
            : t('runAsNonRoot: true is set neither on the pod nor on {0} of its containers: they may run as root.', missing),
        fixes: fixOf(t('Add runAsNonRoot: true to the pod securityContext'), edits, pod.containers.every((c) => runsAsKnownNonRootUser(pod, c))),
      });
    }
  },
});

/**
 * True when the manifest names a non-zero user for the container (its own `runAsUser`, else the
 * pod's): the kubelet then starts it under runAsNonRoot whatever user the image names.
 */
function runsAsKnownNonRootUser(pod: PodSpec, container: Container): boolean {
  const user = scalarOf((settingOf(containerSecurityContext(container), 'runAsUser') ?? settingOf(podSecurityContext(pod), 'runAsUser'))?.value);
  return typeof user === 'number' && Number.isInteger(user) && user > 0;
}
