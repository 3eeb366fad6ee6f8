import { defineRule } from '../engine/rule.js';
import { requireFlag } from './lib/apiserver.js';
import { t } from '../l10n/t.js';

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
    fixSafety: {
      level: 'safe',
      reason:
        'Serving the API does not depend on the profiling endpoints: turning them off changes neither how kube-apiserver starts nor how it is reached.',
    },
  },
  checkPod(pod, context) {
    requireFlag(pod, context, {
      name: 'profiling',
      value: 'false',
      missing: t('kube-apiserver has no --profiling=false: profiling endpoints are served.'),
      wrong: t('kube-apiserver serves profiling endpoints (--profiling is not false).'),
      safe: true,
    });
  },
});
