import { defineRule } from '../engine/rule.js';
import { apiServersOf, flagOf } from './lib/apiserver.js';
import { flagFix, removeFlag, setFlagValue } from './lib/flags.js';

const LOOPBACK = /^(127(\.[0-9]{1,3}){3}|::1|localhost)$/;

export default defineRule({
  meta: {
    id: 'apiserver-insecure-port',
    title: 'API server insecure port',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'The insecure port serves the Kubernetes API over plain HTTP and skips authentication and authorization: anyone who can reach it is cluster-admin. Bound to anything but a loopback address, that is anyone on the network.',
    remediation: 'Set `--insecure-port=0` and remove `--insecure-bind-address`; clients use the secure port with credentials.',
    references: ['https://kubernetes.io/docs/concepts/security/controlling-access/#transport-security', 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    fixable: true,
  },
  checkPod(pod, context) {
    for (const server of apiServersOf(pod, context.text)) {
      const port = flagOf(server, 'insecure-port');
      if (port && port.value !== '0') {
        context.report({
          at: port.span,
          message: `kube-apiserver serves the API without TLS, authentication or authorization on --insecure-port=${port.value ?? ''}.`,
          fixes: flagFix('Set --insecure-port=0', setFlagValue(context.edits, port, '0'), true),
        });
      }
      const bind = flagOf(server, 'insecure-bind-address');
      if (bind && !LOOPBACK.test(bind.value ?? '')) {
        context.report({
          at: bind.span,
          message: `--insecure-bind-address=${bind.value ?? ''} exposes the unauthenticated insecure port beyond this node.`,
          fixes: flagFix('Remove --insecure-bind-address', removeFlag(context.edits, bind), true),
        });
      }
    }
  },
});
