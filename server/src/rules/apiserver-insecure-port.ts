import { defineRule } from '../engine/rule.js';
import { apiServersOf, flagOf } from './lib/apiserver.js';
import { flagFix, removeFlag, setFlagValue } from './lib/flags.js';
import { removedFlag } from './lib/removed-flags.js';
import { containerTarget } from './lib/target-version.js';
import { t } from '../l10n/t.js';

const LOOPBACK = /^(127(\.[0-9]{1,3}){3}|::1|localhost)$/;

export default defineRule({
  meta: {
    id: 'apiserver-insecure-port',
    title: 'API server insecure port',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'The insecure port serves the Kubernetes API over plain HTTP and skips authentication and authorization: anyone who can reach it is cluster-admin. Bound to anything but a loopback address, that is anyone on the network.',
    remediation: 'Up to Kubernetes 1.23, set `--insecure-port=0` and remove `--insecure-bind-address`; clients use the secure port with credentials. From 1.24 kube-apiserver no longer has these flags and does not start with them: remove them (apiserver-removed-flag).',
    references: ['https://kubernetes.io/docs/concepts/security/controlling-access/#transport-security', 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Clients that still use the insecure port (old kube-controller-manager and kube-scheduler set-ups talk to `http://127.0.0.1:8080`) lose the API server. For Kubernetes 1.24 and later the flags no longer exist and apiserver-removed-flag removes them instead.',
    },
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      // From 1.24 the flags are gone: apiserver-removed-flag reports them, and `=0` would keep the server from starting.
      if (removedFlag('kube-apiserver', 'insecure-port', containerTarget(server.container, context.settings).minor)) continue;
      const port = flagOf(server, 'insecure-port');
      if (port && port.value !== '0') {
        context.report({
          at: port.span,
          message: t('kube-apiserver serves the API without TLS, authentication or authorization on --insecure-port={0}.', port.value ?? ''),
          fixes: flagFix(t('Set --insecure-port=0'), setFlagValue(context.edits, port, '0'), false),
        });
      }
      const bind = flagOf(server, 'insecure-bind-address');
      if (bind && !LOOPBACK.test(bind.value ?? '')) {
        context.report({
          at: bind.span,
          message: t('--insecure-bind-address={0} exposes the unauthenticated insecure port beyond this node.', bind.value ?? ''),
          fixes: flagFix(t('Remove --insecure-bind-address'), removeFlag(context.edits, bind), false),
        });
      }
    }
  },
});
