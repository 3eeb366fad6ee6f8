import { defineRule } from '../engine/rule.js';
import { requireFlag } from './lib/apiserver.js';

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
  },
  checkPod(pod, context) {
    requireFlag(pod, context, {
      name: 'anonymous-auth',
      value: 'false',
      missing: 'kube-apiserver has no --anonymous-auth=false: requests without credentials are served as system:anonymous.',
      wrong: 'kube-apiserver accepts anonymous requests (--anonymous-auth is not false).',
      safe: false,
    });
  },
});
