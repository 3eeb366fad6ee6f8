import { defineRule } from '../engine/rule.js';
import { isKubeletConfiguration, kubeletSetting } from './lib/kubelet.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'kubelet-authorization-mode',
    title: 'Kubelet authorization mode',
    severity: 'error',
    category: 'control-plane',
    rationale:
      '`authorization.mode: AlwaysAllow` lets every caller that gets past authentication use the whole kubelet API: exec into pods, read logs, list what runs on the node.',
    remediation: 'Set `authorization.mode: Webhook` so that the kubelet asks the API server (SubjectAccessReview) whether each caller may do what it asks.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'With Webhook the API server must be allowed to use the kubelet API (the `system:kubelet-api-admin` role), or `kubectl logs` and `exec` stop working.',
    },
  },
  checkObject(object, context) {
    if (!isKubeletConfiguration(object)) return;
    const mode = kubeletSetting(object, 'authorization', 'mode');
    if (mode?.value.kind !== 'scalar' || mode.value.value !== 'AlwaysAllow') return;
    context.report({
      at: mode.value,
      message: t('The kubelet authorizes every request (authorization.mode: AlwaysAllow).'),
      // The API server must be allowed to use the kubelet API (kubelet-api-admin) once Webhook is on.
      fixes: [{ title: t('Set mode: Webhook'), edits: [context.edits.replace(mode.value, 'Webhook')], safe: false }],
    });
  },
});
