import { defineRule } from '../engine/rule.js';
import { apiServersOf, flagOf } from './lib/apiserver.js';
import { listOr, t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'apiserver-audit-log',
    title: 'API server audit logging',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'Audit events are the record of who did what to the cluster. Without an audit backend (`--audit-log-path`, or `--audit-webhook-config-file`) and an `--audit-policy-file` saying what to record, the API server records nothing and an intrusion leaves no trace.',
    remediation: 'Set `--audit-policy-file` to a policy that records at least metadata for every request, and `--audit-log-path` (with `--audit-log-maxage`, `--audit-log-maxbackup`, `--audit-log-maxsize`).',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const missing: string[] = [];
      if (!flagOf(server, 'audit-log-path') && !flagOf(server, 'audit-webhook-config-file')) missing.push('--audit-log-path');
      if (!flagOf(server, 'audit-policy-file')) missing.push('--audit-policy-file');
      if (missing.length === 0) continue;
      context.report({ at: server.anchor, message: t('kube-apiserver has no {0}: API requests are not audited.', listOr(missing)) });
    }
  },
});
