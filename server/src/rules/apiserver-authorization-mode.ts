import { defineRule } from '../engine/rule.js';
import { addFlag, apiServersOf, flagOf, listValue } from './lib/apiserver.js';
import { flagFix, setFlagValue } from './lib/flags.js';
import { listAnd, t } from '../l10n/t.js';

const REQUIRED = ['Node', 'RBAC'];

export default defineRule({
  meta: {
    id: 'apiserver-authorization-mode',
    title: 'API server authorization mode',
    severity: 'error',
    category: 'control-plane',
    rationale:
      '`AlwaysAllow` (the default without `--authorization-mode`) lets every authenticated request do anything. `RBAC` gives least-privilege roles that change without a restart, and `Node` limits each kubelet to the objects of its own pods. `ABAC` alone works but every policy change needs an API server restart, and ABAC without `--authorization-policy-file` stops the API server from starting.',
    remediation: 'Set `--authorization-mode=Node,RBAC` (keep `Webhook` or `ABAC` after them if you use them), and never `AlwaysAllow`.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authorization/#authorization-modules', 'https://kubernetes.io/docs/reference/access-authn-authz/node/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Clients that AlwaysAllow let through and that no RBAC role covers are denied after the change.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const flag = flagOf(server, 'authorization-mode');
      if (!flag) {
        // A structured authorization configuration replaces the flag.
        if (flagOf(server, 'authorization-config')) continue;
        context.report({
          at: server.anchor,
          message: t('kube-apiserver has no --authorization-mode: every authenticated request is allowed (AlwaysAllow).'),
          fixes: flagFix(t('Add --authorization-mode=Node,RBAC'), addFlag(context.edits, server, 'authorization-mode', REQUIRED.join(',')), false),
        });
        continue;
      }
      const modes = listValue(flag);
      if (modes.includes('ABAC') && !flagOf(server, 'authorization-policy-file')) {
        // The path of the policy is the author's to choose: no fix.
        context.report({
          at: flag.span,
          severity: 'error',
          message: t('--authorization-mode includes ABAC but no --authorization-policy-file names its policy: kube-apiserver refuses to start.'),
        });
      }
      const missing = REQUIRED.filter((m) => !modes.includes(m));
      if (!modes.includes('AlwaysAllow') && missing.length === 0) continue;
      const wanted = [...REQUIRED, ...modes.filter((m) => m !== 'AlwaysAllow' && !REQUIRED.includes(m))].join(',');
      const fixes = flagFix(t('Set --authorization-mode={0}', wanted), setFlagValue(context.edits, flag, wanted), false);
      if (modes.includes('AlwaysAllow')) {
        context.report({ at: flag.span, message: t('--authorization-mode includes AlwaysAllow: every authenticated request is allowed.'), fixes });
      } else if (modes.length === 1 && modes[0] === 'ABAC') {
        context.report({ at: flag.span, severity: 'warning', message: t('--authorization-mode is ABAC alone: every policy change needs an API server restart; use Node,RBAC.'), fixes });
      } else {
        context.report({ at: flag.span, message: t('--authorization-mode lacks {0}.', listAnd(missing)), fixes });
      }
    }
  },
});
