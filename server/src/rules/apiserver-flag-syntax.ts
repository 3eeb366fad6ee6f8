import { defineRule } from '../engine/rule.js';
import { apiServersOf } from './lib/apiserver.js';
import { closestApiServerFlag, isKnownApiServerFlag } from './lib/apiserver-flags.js';
import { flagFix, renameFlag } from './lib/flags.js';
import { removedFlag } from './lib/removed-flags.js';
import { containerTarget } from './lib/target-version.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'apiserver-flag-syntax',
    title: 'API server flag spelling',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'Old underscore spellings such as `--client_ca_file` still work but are easy to miss when reviewing or searching for a flag; an unknown flag makes kube-apiserver refuse to start, usually because of a typo in a security setting. The other rules read underscore spellings as the flag they stand for.',
    remediation: 'Write flags in their dashed form (`--client-ca-file`) and check unknown flags against the kube-apiserver reference of your version.',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'The dashed spelling of an underscore flag is the same flag, so that rename is safe. Renaming an unknown flag to the closest known one is a guess, so that fix is unsafe. A flag the target Kubernetes version removed is never suggested: apiserver-removed-flag reports it.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const target = containerTarget(server.container, context.settings).minor;
      // Never point at a flag the target version no longer has: apiserver-removed-flag reports those.
      const removed = (name: string) => removedFlag('kube-apiserver', name, target) !== undefined;
      for (const flag of server.flags) {
        if (removed(flag.name)) continue;
        if (!isKnownApiServerFlag(flag.name)) {
          const found = closestApiServerFlag(flag.name);
          const suggestion = found && !removed(found) ? found : undefined;
          context.report({
            at: flag.nameSpan,
            message: suggestion ? t('kube-apiserver has no flag --{0}; did you mean --{1}?', flag.written, suggestion) : t('kube-apiserver has no flag --{0}.', flag.written),
            fixes: suggestion ? flagFix(t('Rename to --{0}', suggestion), renameFlag(context.edits, flag, suggestion), false) : [],
          });
        } else if (flag.written !== flag.name) {
          context.report({
            at: flag.nameSpan,
            message: t('--{0} is the old spelling of --{1}.', flag.written, flag.name),
            fixes: flagFix(t('Rename to --{0}', flag.name), renameFlag(context.edits, flag, flag.name), true),
          });
        }
      }
    }
  },
});
