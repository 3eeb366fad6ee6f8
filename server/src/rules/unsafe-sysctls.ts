import { getSeq, isMap, pairOf, scalarAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { fixesOf, removeItemFix } from './lib/fixes.js';
import { podSecurityContext } from './lib/security-context.js';
import { isSafeSysctl } from './lib/sysctls.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'unsafe-sysctls',
    title: 'Unsafe sysctls',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'Most kernel parameters are not namespaced per pod: setting them from a pod changes them for the whole node, or disables protections other pods rely on. Only a small set of sysctls is isolated to the pod and considered safe by the Pod Security Standards.',
    remediation:
      'Remove the sysctl from `spec.securityContext.sysctls`. Allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem, net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat. Node-wide tuning belongs in the node configuration.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    ],
    pss: { level: 'baseline', control: 'Sysctls', checks: ['sysctls'] },
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The workload sets the kernel parameter because it depends on it: removing it changes how the workload behaves.',
    },
  },
  checkPod(pod, context) {
    const sysctls = getSeq(podSecurityContext(pod), 'sysctls');
    if (!sysctls) return;
    sysctls.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const name = scalarAt(item, 'name');
      if (isSafeSysctl(name)) return;
      const at = pairOf(item, 'name')?.value ?? item;
      context.report({
        at,
        message: t('The sysctl {0} is not in the safe set: it may affect the node or other pods.', String(name)),
        fixes: fixesOf(removeItemFix(context, sysctls, index, t('Remove the sysctl {0}', String(name)), false)),
      });
    });
  },
});
