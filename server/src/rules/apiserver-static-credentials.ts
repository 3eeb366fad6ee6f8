import { defineRule } from '../engine/rule.js';
import { apiServersOf, flagOf } from './lib/apiserver.js';
import { flagFix, removeFlag } from './lib/flags.js';
import { removedFlag } from './lib/removed-flags.js';
import { containerTarget } from './lib/target-version.js';
import { t } from '../l10n/t.js';

const STATIC_FILES = ['token-auth-file', 'basic-auth-file'];

export default defineRule({
  meta: {
    id: 'apiserver-static-credentials',
    title: 'API server static credential files',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'Static token and password files hold long-lived credentials in clear text on the control-plane node. They never expire, cannot be revoked without editing the file and restarting the API server, and basic authentication is no longer supported at all.',
    remediation: 'Remove `--token-auth-file` and `--basic-auth-file`; authenticate people with OIDC or client certificates and workloads with service account tokens.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Users and scripts that authenticate with the file\'s tokens or passwords are locked out.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const target = containerTarget(server.container, context.settings).minor;
      for (const name of STATIC_FILES) {
        const flag = flagOf(server, name);
        // A flag the target version removed keeps the server from starting: apiserver-removed-flag says so.
        if (!flag || removedFlag('kube-apiserver', name, target)) continue;
        context.report({
          at: flag.span,
          message: t('--{0} authenticates with long-lived clear-text credentials that cannot be revoked without a restart.', name),
          fixes: flagFix(t('Remove --{0}', name), removeFlag(context.edits, flag), false),
        });
      }
    }
  },
});
