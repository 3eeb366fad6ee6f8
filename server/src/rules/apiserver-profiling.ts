import { defineRule } from '../engine/rule.js';
import { addFlag, apiServersOf, flagOf } from './lib/apiserver.js';
import { flagFix, setFlagValue } from './lib/flags.js';

export default defineRule({
  meta: {
    id: 'apiserver-profiling',
    title: 'API server profiling endpoints',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'Profiling is on by default and serves `/debug/pprof`: it reveals internals of the running server and lets callers spend its CPU on profiles. Production API servers do not need it.',
    remediation: 'Set `--profiling=false`.',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: true,
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const flag = flagOf(server, 'profiling');
      if (!flag) {
        context.report({
          at: server.anchor,
          message: 'kube-apiserver has no --profiling=false: profiling endpoints are served.',
          fixes: flagFix('Add --profiling=false', addFlag(context.edits, server, 'profiling', 'false'), true),
        });
      } else if (flag.value !== 'false') {
        context.report({
          at: flag.span,
          message: 'kube-apiserver serves profiling endpoints (--profiling is not false).',
          fixes: flagFix('Set --profiling=false', setFlagValue(context.edits, flag, 'false'), true),
        });
      }
    }
  },
});
