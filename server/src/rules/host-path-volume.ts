import { stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { isContainerRuntimePath, isSensitiveHostPath } from './lib/host-paths.js';
import { describeVolume, volumeSource, volumesOf } from './lib/volumes.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'host-path-volume',
    title: 'HostPath volumes',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      "A `hostPath` volume mounts a file or directory of the node into the pod. Node files are shared by every pod on the node and by the node's own services: a writable mount can plant files the node executes, and paths such as `/etc`, `/proc`, the kubelet's directory or the container runtime's socket give the pod control of the node. Findings on those sensitive paths are errors; other paths are warnings.",
    remediation: 'Use an `emptyDir`, a `configMap`/`secret`, or a PersistentVolumeClaim instead. If node access is really needed, mount the narrowest path with `readOnly: true` and run the workload in a dedicated, privileged namespace.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    ],
    pss: { level: 'baseline', control: 'HostPath Volumes', checks: ['hostPathVolumes'] },
    fixable: false,
    controlPlaneNeed:
      'kubeadm mounts the cluster certificates (`/etc/kubernetes/pki`), the node\'s CA bundle (`/etc/ssl/certs`), kubeconfig files and etcd\'s data directory (`/var/lib/etcd`) from the node.',
    differences: [
      'Every hostPath volume is reported, as the baseline Pod Security Standard forbids them all, where kubesec\'s ProcMount rule looks only at a hostPath volume of `/proc`.',
    ],
  },
  checkPod(pod, context) {
    for (const volume of volumesOf(pod)) {
      const source = volumeSource(volume, 'hostPath');
      if (!source) continue;
      const path = stringAt(source.value, 'path');
      // A runtime socket is container-runtime-socket's finding: one mount, one report.
      if (path !== undefined && isContainerRuntimePath(path)) continue;
      const sensitive = path !== undefined && isSensitiveHostPath(path);
      context.report({
        at: source.key,
        message: sensitive
          ? t('{0} mounts the sensitive node path {1}: the pod can take over the node.', describeVolume(volume), path!)
          : path === undefined
            ? t('{0} mounts a path of the node.', describeVolume(volume))
            : t('{0} mounts the path {1} of the node.', describeVolume(volume), path),
        ...(sensitive ? { severity: 'error' as const } : {}),
      });
    }
  },
});
