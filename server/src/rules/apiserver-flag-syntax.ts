import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { apiServersOf } from './lib/apiserver.js';
import { closestApiServerFlag, isKnownApiServerFlag } from './lib/apiserver-flags.js';
import { flagFix, renameFlag } from './lib/flags.js';
import { removedFlag } from './lib/removed-flags.js';
import { containerTarget } from './lib/target-version.js';

/** "an em dash (U+2014)", or the code points of less common dashes. */
function describeDashes(dashes: string): string {
  const typographic = [...dashes].filter((c) => c !== '-');
  if (typographic.length === 1 && typographic[0] === '\u2013') return t('an en dash (U+2013)');
  if (typographic.length === 1 && typographic[0] === '\u2014') return t('an em dash (U+2014)');
  if (typographic.length === 1 && typographic[0] === '\u2212') return t('a minus sign (U+2212)');
  return t('the typographic dash {0}', typographic.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' '));
}

export default defineRule({
  meta: {
    id: 'apiserver-flag-syntax',
    title: 'API server flag spelling',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'Old underscore spellings such as `--client_ca_file` still work but are easy to miss when reviewing or searching for a flag; an unknown flag makes kube-apiserver refuse to start, usually because of a typo in a security setting. A flag written with a typographic dash (`—authorization-mode`, `–token-auth-file`, as word processors and chat tools turn `--` into) is a positional argument to kube-apiserver, which then refuses to start. The other rules read underscore spellings and typographic dashes as the flag they stand for.',
    remediation: 'Write flags in their dashed form (`--client-ca-file`) and check unknown flags against the kube-apiserver reference of your version.',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'The dashed spelling of an underscore flag is the same flag, and `--` in place of a typographic dash is the flag the author meant, so those fixes are safe. Renaming an unknown flag to the closest known one is a guess, so that fix is unsafe. A flag the target Kubernetes version removed is never suggested: apiserver-removed-flag reports it.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const target = containerTarget(server.container, context.settings).minor;
      // Never point at a flag the target version no longer has: apiserver-removed-flag reports those.
      const removed = (name: string) => removedFlag('kube-apiserver', name, target) !== undefined;
      for (const flag of server.flags) {
        if (flag.dashes !== undefined) {
          // Checked before anything else: until it is respelt, the server does not start at all.
          const start = flag.nameSpan.start;
          const exact = flag.nameSpan !== flag.seq.items[flag.index] && !flag.inScript;
          context.report({
            at: flag.nameSpan,
            severity: 'error',
            message: t('{0}{1} starts with {2} instead of "--": kube-apiserver takes it for a positional argument and refuses to start. The other checks read it as --{1}.', flag.dashes, flag.written, describeDashes(flag.dashes)),
            fixes: exact ? flagFix(t('Write --{0}', flag.written), [{ start, end: start + flag.dashes.length, text: '--' }], true) : [],
          });
          continue;
        }
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
