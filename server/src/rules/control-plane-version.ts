import { componentOf } from '../engine/control-plane.js';
import { describeContainer } from '../engine/k8s.js';
import { minorOfTag, NEWEST_MINOR, OLDEST_SUPPORTED_MINOR } from '../engine/kubernetes-version.js';
import { pairOf } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { parseImage } from './lib/image.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'control-plane-version',
    title: 'Unsupported control-plane versions',
    severity: 'warning',
    category: 'control-plane',
    rationale: `Running a supported Kubernetes release is the first advice of every Kubernetes security guide. The project maintains the three newest minors (here 1.${OLDEST_SUPPORTED_MINOR} to 1.${NEWEST_MINOR}) and ships security fixes only for them: a control plane on an older minor keeps every vulnerability found since. The version is read from the image tag of kube-apiserver, kube-controller-manager and kube-scheduler (\`registry.k8s.io/kube-apiserver:v1.31.0\`); etcd's tag is etcd's own version and is not checked.`,
    remediation: `Upgrade the cluster one minor at a time (kubeadm upgrade) to 1.${OLDEST_SUPPORTED_MINOR} or later, reading each release's changelog for removed flags and APIs.`,
    references: ['https://kubernetes.io/releases/', 'https://kubernetes.io/releases/version-skew-policy/', 'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      const component = componentOf(container);
      if (!component || component === 'etcd') continue;
      const image = pairOf(container.node, 'image');
      if (image?.value.kind !== 'scalar' || typeof image.value.value !== 'string') continue;
      const tag = parseImage(image.value.value).tag;
      const minor = minorOfTag(tag);
      if (minor === undefined || minor >= OLDEST_SUPPORTED_MINOR) continue;
      context.report({
        at: image.value,
        message: t('{0} runs {1} {2}, older than Kubernetes 1.{3}, the oldest minor still supported: it gets no security fixes.', describeContainer(container), component, tag ?? '', OLDEST_SUPPORTED_MINOR),
      });
    }
  },
});
