import { defineRule } from '../engine/rule.js';
import { isKubeletConfiguration, kubeletSetting } from './lib/kubelet.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'kubelet-anonymous-auth',
    title: 'Kubelet anonymous requests',
    severity: 'error',
    category: 'control-plane',
    rationale:
      'With `authentication.anonymous.enabled: true` the kubelet API on port 10250 serves requests without credentials as `system:anonymous`; with a permissive authorization mode that means running commands in any pod of the node.',
    remediation: 'Set `authentication.anonymous.enabled: false` and authenticate callers with client certificates or webhook token review.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Callers without credentials (some metrics scrapers and health checks) are refused once anonymous requests are off.',
    },
  },
  checkObject(object, context) {
    if (!isKubeletConfiguration(object)) return;
    const enabled = kubeletSetting(object, 'authentication', 'anonymous', 'enabled');
    if (enabled?.value.kind !== 'scalar' || enabled.value.value !== true) return;
    context.report({
      at: enabled.value,
      message: t('The kubelet accepts anonymous requests on its API.'),
      fixes: [{ title: t('Set enabled: false'), edits: [context.edits.replace(enabled.value, 'false')], safe: false }],
    });
  },
});
