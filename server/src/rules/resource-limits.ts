import { defineRule } from '../engine/rule.js';
import { checkResourceBlock } from './lib/resources.js';

export default defineRule({
  meta: {
    id: 'resource-limits',
    title: 'Containers without cpu and memory limits',
    severity: 'warning',
    category: 'workload',
    rationale:
      'A container without limits can take all the cpu and memory of its node: one leak, runaway loop or attacker-controlled workload (a crypto miner, a decompression bomb) starves every other pod there and can get them evicted.',
    remediation:
      'Set `resources.limits.cpu` and `resources.limits.memory` on every container. The quick fix inserts the values of the `resources.limits` setting (default 500m and 256Mi): adjust them to what the workload needs.',
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The values come from the `resources` setting, not from what the workload uses: a memory limit below its working set gets it OOM-killed.',
    },
    controlPlaneNeed:
      'kubeadm gives the control plane a CPU request and no limits: a memory limit from defaults would get kube-apiserver or etcd OOM-killed under load.',
    differences: [
      'One rule covers both resources: a container that sets a memory limit and no cpu limit (or the reverse) is reported, where Polaris\'s cpuLimitsMissing and memoryLimitsMissing checks and kubesec\'s LimitsCPU and LimitsMemory rules each look at one resource.',
      'Each container without limits is reported, where kubesec awards its LimitsCPU and LimitsMemory points when any one container of the pod sets them.',
    ],
  },
  checkPod(pod, context) {
    checkResourceBlock(pod, context, 'limits');
  },
});
