import { defineRule } from '../engine/rule.js';
import { apiServersOf } from './lib/apiserver.js';
import { closestApiServerFlag, isKnownApiServerFlag } from './lib/apiserver-flags.js';
import { flagFix, renameFlag } from './lib/flags.js';

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
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      for (const flag of server.flags) {
        if (!isKnownApiServerFlag(flag.name)) {
          const suggestion = closestApiServerFlag(flag.name);
          context.report({
            at: flag.nameSpan,
            message: `kube-apiserver has no flag --${flag.written}${suggestion ? `; did you mean --${suggestion}?` : '.'}`,
            fixes: suggestion ? flagFix(`Rename to --${suggestion}`, renameFlag(context.edits, flag, suggestion), false) : [],
          });
        } else if (flag.written !== flag.name) {
          context.report({
            at: flag.nameSpan,
            message: `--${flag.written} is the old spelling of --${flag.name}.`,
            fixes: flagFix(`Rename to --${flag.name}`, renameFlag(context.edits, flag, flag.name), true),
          });
        }
      }
    }
  },
});
