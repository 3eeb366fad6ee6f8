import { defineRule } from '../engine/rule.js';
import { fixOf } from './lib/entry-edits.js';
import { confines, profileSettings, profileToRuntimeDefault, RUNTIME_DEFAULT } from './lib/profiles.js';
import { describeLevel, holdsMisspellingOf, isWindowsPod, podSecurityContext } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'seccomp-profile',
    title: 'Seccomp profile',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'A seccomp profile limits the system calls a container can make, cutting off much of the kernel attack surface used in container escapes. `Unconfined` turns that off; without any profile the container is unconfined too on most clusters.',
    remediation:
      'Set `securityContext.seccompProfile: {type: RuntimeDefault}` on the pod (or `Localhost` with a profile on the node). Baseline forbids only `Unconfined`; restricted also requires every container to have `RuntimeDefault` or `Localhost`, its own or the pod\'s (Windows pods are exempt from the restricted check).',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
    ],
    pss: { level: 'baseline', control: 'Seccomp', checks: ['seccompProfile_baseline', 'seccompProfile_restricted'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A program that makes a system call the runtime\'s default profile blocks fails at run time. Where no profile was set, or `Unconfined` was chosen, a person has to check that the workload runs under RuntimeDefault.',
    },
    differences: [
      'The `seccomp.security.alpha.kubernetes.io/...` annotations do not count: Kubernetes stopped honouring them in 1.27 and reads only `securityContext.seccompProfile`, where kube-score\'s seccomp check accepts an annotation.',
      'The profile type is compared as the API server compares it, case by case: `LocalHost` is not `Localhost` and is reported, where kubesec\'s seccomp rules accept either spelling.',
      'A pod that sets no profile at all is reported, as the restricted Pod Security Standard requires one, where kubesec\'s SeccompUnconfined rule looks only for an explicit `Unconfined`.',
    ],
  },
  checkPod(pod, context) {
    // Restricted replaces the baseline check (Unconfined only) with one that Windows pods are exempt from.
    const restricted = context.level === 'restricted';
    if (restricted && isWindowsPod(pod)) return;
    const profiles = profileSettings(pod, 'seccompProfile');
    for (const profile of profiles) {
      if (confines(profile) || (!restricted && profile.type !== 'Unconfined')) continue;
      const edits = profileToRuntimeDefault(context.edits, profile);
      context.report({
        at: profile.typePair?.value ?? profile.holder.key,
        message: profile.type === 'Unconfined'
          ? t('{0} runs without seccomp (type: Unconfined).', describeLevel(profile))
          : t('{0} sets a seccomp profile that is neither RuntimeDefault nor Localhost.', describeLevel(profile)),
        fixes: fixOf(t('Use the RuntimeDefault seccomp profile'), edits, false),
      });
    }
    if (!restricted || profiles.some((p) => p.level === 'pod')) return;
    const uncovered = pod.containers.filter((c) => !profiles.some((p) => p.container === c));
    if (uncovered.length === 0) return;
    const misspelt = holdsMisspellingOf(podSecurityContext(pod), 'seccompProfile');
    const edits = misspelt ? undefined : context.edits.setPath(pod.spec, ['securityContext', 'seccompProfile'], RUNTIME_DEFAULT);
    context.report({
      at: pod.anchor,
      message:
        uncovered.length === pod.containers.length
          ? t('No seccomp profile applies to the containers: set seccompProfile type RuntimeDefault or Localhost on the pod.')
          : t('No seccomp profile applies to {0} of the containers: set seccompProfile type RuntimeDefault or Localhost on the pod.', uncovered.length),
      fixes: fixOf(t('Add seccompProfile: {type: RuntimeDefault} to the pod securityContext'), edits, false),
    });
  },
});
