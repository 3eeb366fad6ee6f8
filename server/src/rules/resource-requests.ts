import { defineRule } from '../engine/rule.js';
import { checkResourceBlock } from './lib/resources.js';

export default defineRule({
  meta: {
    id: 'resource-requests',
    title: 'Containers without cpu and memory requests',
    severity: 'warning',
    category: 'workload',
    rationale:
      'Without requests the scheduler places the pod as if it needed nothing, and the pod is the first to be evicted under memory pressure (BestEffort class): nodes get overcommitted and the workload is not protected against noisy neighbours.',
    remediation:
      'Set `resources.requests.cpu` and `resources.requests.memory` on every container. The quick fix inserts the values of the `resources.requests` setting (default 100m and 128Mi): adjust them to what the workload needs.',
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'The values come from the `resources` setting, not from what the workload uses: requests decide where it is scheduled and which pods are evicted first.',
    },
    controlPlaneNeed:
      'kubeadm gives the control plane a CPU request only; requests from defaults say nothing about what kube-apiserver or etcd need.',
    differences: [
      'One rule covers both resources: a container that sets a memory request and no cpu request (or the reverse) is reported, where Polaris\'s cpuRequestsMissing and memoryRequestsMissing checks and kubesec\'s RequestsCPU and RequestsMemory rules each look at one resource.',
      'Each container without requests is reported, where kubesec awards its RequestsCPU and RequestsMemory points when any one container of the pod sets them.',
    ],
  },
  checkPod(pod, context) {
    checkResourceBlock(pod, context, 'requests');
  },
});
