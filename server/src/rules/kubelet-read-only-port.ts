import { defineRule } from '../engine/rule.js';
import { isKubeletConfiguration, kubeletSetting } from './lib/kubelet.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'kubelet-read-only-port',
    title: 'Kubelet read-only port',
    severity: 'warning',
    category: 'control-plane',
    rationale:
      'The kubelet read-only port serves pod specs, node details and metrics over plain HTTP with no authentication. Anyone who can reach the node learns what runs there, including environment values in pod specs.',
    remediation: 'Set `readOnlyPort: 0` and scrape metrics from the authenticated port (10250).',
    references: ['https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'Metrics collectors that scrape the read-only port (10255) lose it; they have to move to the authenticated port (10250) first.',
    },
  },
  checkObject(object, context) {
    if (!isKubeletConfiguration(object)) return;
    const port = kubeletSetting(object, 'readOnlyPort');
    if (!port || port.value.kind !== 'scalar' || port.value.value === 0 || port.value.empty) return;
    context.report({
      at: port.value,
      message: t('The kubelet serves an unauthenticated read-only API on port {0}.', String(port.value.value)),
      fixes: [{ title: t('Set readOnlyPort: 0'), edits: [context.edits.replace(port.value, '0')], safe: false }],
    });
  },
});
