import { stringAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { isContainerRuntimePath } from './lib/host-paths.js';
import { describeVolume, volumeSource, volumesOf } from './lib/volumes.js';

export default defineRule({
  meta: {
    id: 'container-runtime-socket',
    title: 'Container runtime sockets mounted from the node',
    severity: 'error',
    category: 'pod-security',
    rationale:
      'The container runtime\'s socket (`docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`) is its API, and the runtime runs as root on the node: whoever can write to it can start a privileged container that mounts the node\'s root filesystem, read every other container\'s memory and secrets, or stop them. Mounting the socket, or a directory that holds one (`/run`, `/var/run`, `/run/containerd`), hands the pod the node. `host-path-volume` leaves these paths to this rule, so that one mount is reported once.',
    remediation:
      'Remove the volume. Build images with a daemonless builder (BuildKit rootless, Kaniko, Buildah) instead of the node\'s Docker, and read container metadata through the Kubernetes API or the kubelet. An agent that truly needs the runtime (a node monitor) belongs in its own namespace with an exemption, not in an application workload. No automatic fix: the workload uses the socket.',
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/find-out-runtime-you-use/',
    ],
    pss: { level: 'baseline', control: 'HostPath Volumes', checks: ['hostPathVolumes'] },
    fixable: false,
    differences: [
      'kube-linter\'s docker-sock check (off by default) and kubesec\'s check look for the Docker socket alone; this rule also reports the containerd, CRI-O, cri-dockerd and Podman sockets and the directories that hold them.',
      'Kubescape\'s Docker socket control also reports `/var/lib/docker`, the runtime\'s storage; this rule leaves it to `host-path-volume`, since it holds images and layers rather than the runtime\'s API.',
    ],
  },
  checkPod(pod, context) {
    for (const volume of volumesOf(pod)) {
      const source = volumeSource(volume, 'hostPath');
      const path = source && stringAt(source.value, 'path');
      if (!source || path === undefined || !isContainerRuntimePath(path)) continue;
      context.report({ at: source.key, message: t('{0} mounts {1} from the node: the container runtime\'s socket hands the pod control of the node.', describeVolume(volume), path) });
    }
  },
});
