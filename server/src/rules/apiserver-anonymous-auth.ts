import { defineRule } from '../engine/rule.js';
import { getMap } from '../engine/model.js';
import { requireFlag } from './lib/apiserver.js';
import { t } from '../l10n/t.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

export default defineRule({
  meta: {
    id: 'apiserver-anonymous-auth',
    title: 'API server anonymous requests',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'With anonymous authentication on (the default), every request without credentials is served as `system:anonymous`. Whatever RBAC grants to that user or to `system:unauthenticated`, now or after a careless binding, is open to anyone who can reach the API server.',
    remediation:
      'Set `--anonymous-auth=false`. Health checks that call `/livez` or `/readyz` without credentials then need credentials or an `--authentication-config` that allows anonymous access to those paths only.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Health checks and load balancers that call `/livez`, `/readyz` or `/healthz` without credentials get 401 and take the API server out of rotation. Where the container itself has HTTP probes (kubeadm\'s static pods do), the kubelet would restart the API server for ever: the fix is then left to a person, and fix-all never applies it.',
    },
  },
  checkPod(pod, context) {
    requireFlag(pod, context, {
      name: 'anonymous-auth',
      value: 'false',
      missing: t('kube-apiserver has no --anonymous-auth=false: requests without credentials are served as system:anonymous.'),
      wrong: t('kube-apiserver accepts anonymous requests (--anonymous-auth is not false).'),
      safe: false,
      // kubeadm's probes call /livez and /readyz without credentials: they would fail, and the kubelet restart the server for ever.
      manualWhen: (server) => PROBES.some((probe) => getMap(server.container.node, probe, 'httpGet') !== undefined),
    });
  },
});
