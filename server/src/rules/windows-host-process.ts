import { getMap, pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixesOf, removeKeyFix } from './lib/fixes.js';
import { describeLevel, securityContexts } from './lib/security-context.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'windows-host-process',
    title: 'Windows HostProcess containers',
    severity: 'error',
    category: 'pod-security',
    rationale:
      "A Windows HostProcess container runs directly on the node as a host process, with the node's network and file system and, typically, SYSTEM rights. It is the Windows equivalent of a privileged container.",
    remediation: 'Remove `windowsOptions.hostProcess` (or set it to `false`) in the pod and container `securityContext`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
    ],
    pss: { level: 'baseline', control: 'HostProcess', checks: ['windowsHostProcess'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A HostProcess container is built to run on the host: without `hostProcess` it does not start.',
    },
  },
  checkPod(pod, context) {
    for (const block of securityContexts(pod)) {
      const options = getMap(block.map, 'windowsOptions');
      const pair = pairOf(options, 'hostProcess');
      if (!options || pair?.value.kind !== 'scalar' || pair.value.value !== true) continue;
      context.report({
        at: pair.key,
        message: t('{0} runs as a Windows HostProcess: it has the node\'s privileges.', describeLevel(block)),
        fixes: fixesOf(removeKeyFix(context, options, pair, false)),
      });
    }
  },
});
