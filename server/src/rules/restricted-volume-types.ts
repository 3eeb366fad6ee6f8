import { defineRule } from '../engine/rule.js';
import { describeVolume, volumeSource, volumesOf } from './lib/volumes.js';
import { t } from '../l10n/t.js';

/**
 * The inline volume sources the restricted policy forbids (every source except configMap, csi,
 * downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret). A volume
 * with no source at all is defaulted to emptyDir by the API server, so it passes.
 */
const RESTRICTED_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'portworxVolume', 'photonPersistentDisk', 'scaleIO', 'storageos',
];

export default defineRule({
  meta: {
    id: 'restricted-volume-types',
    title: 'Volume types',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'The restricted policy allows only volume types that are either scoped to the pod (configMap, secret, downwardAPI, projected, emptyDir, image, ephemeral) or go through PersistentVolumes and CSI, where a cluster administrator controls the storage. Inline network and node volumes (hostPath, nfs, iscsi, gitRepo, ...) let a pod author reach storage outside that control.',
    remediation: 'Use a PersistentVolumeClaim (backed by a PersistentVolume or a CSI driver) for external storage, and `emptyDir`, `configMap`, `secret` or `projected` volumes for pod-local data.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/concepts/storage/volumes/',
    ],
    pss: { level: 'restricted', control: 'Volume Types', checks: ['restrictedVolumes'] },
    fixable: false,
    controlPlaneNeed:
      'kubeadm mounts the cluster certificates (`/etc/kubernetes/pki`), the node\'s CA bundle (`/etc/ssl/certs`), kubeconfig files and etcd\'s data directory (`/var/lib/etcd`) from the node.',
  },
  checkPod(pod, context) {
    if (context.level !== 'restricted') return;
    for (const volume of volumesOf(pod)) {
      for (const type of RESTRICTED_SOURCES) {
        const source = volumeSource(volume, type);
        if (!source) continue;
        context.report({
          at: source.key,
          message: t('{0} has type {1}, which the restricted policy does not allow.', describeVolume(volume), type),
        });
      }
    }
  },
});
