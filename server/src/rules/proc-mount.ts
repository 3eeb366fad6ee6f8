import { describeContainer } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { fixOf, setValue } from './lib/entry-edits.js';
import { containerSecurityContext, scalarOf, settingOf, usesUserNamespace } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'proc-mount',
    title: 'Unmasked /proc mount',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'The default /proc mount masks and makes read-only the paths (such as /proc/sys and /proc/kcore) that expose or control the host kernel. `procMount: Unmasked` removes that protection.',
    remediation:
      'Remove `procMount` or set it to `Default`. Baseline tolerates `Unmasked` in a pod with its own user namespace (`hostUsers: false`); restricted never does.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
    pss: { level: 'baseline', control: '/proc Mount Type', checks: ['procMount', 'procMount_restricted'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'An unmasked `/proc` is asked for by nested container runtimes and image builders, which fail under the default masked `/proc`.',
    },
  },
  checkPod(pod, context) {
    // In a user namespace the unmasked /proc belongs to that namespace, which baseline accepts.
    if (context.level === 'baseline' && usesUserNamespace(pod)) return;
    for (const container of pod.containers) {
      const pair = settingOf(containerSecurityContext(container), 'procMount');
      if (!pair || scalarOf(pair.value) === 'Default') continue;
      context.report({
        at: pair.value,
        message: t('{0} sets procMount to something other than Default: the host\'s /proc paths are not masked.', describeContainer(container)),
        fixes: fixOf(t('Set procMount: Default'), setValue(context.edits, pair, 'Default'), false),
      });
    }
  },
});
