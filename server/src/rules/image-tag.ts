import { describeContainer } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { containerImage } from './lib/image.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'image-tag',
    title: 'Images without a version tag',
    severity: 'warning',
    category: 'images',
    rationale:
      'An image without a tag means `:latest`, and `:latest` names whatever was pushed last: two nodes can run different code under one manifest, a rollback does not roll anything back, and a compromised push reaches the cluster at the next restart.',
    remediation: 'Name a specific version (`nginx:1.27.3`), or better pin the digest (`nginx@sha256:...`).',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names', 'https://kubernetes.io/docs/concepts/configuration/overview/#container-images'],
    fixable: false,
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      const found = containerImage(container);
      if (!found || found.image.digest) continue;
      const { tag } = found.image;
      if (tag !== undefined && tag !== 'latest') continue;
      context.report({
        at: found.node,
        message:
          tag === undefined
            ? t('{0} uses an image without a tag (that is :latest): which code runs can change without the manifest changing.', describeContainer(container))
            : t('{0} uses the :latest tag: which code runs can change without the manifest changing.', describeContainer(container)),
      });
    }
  },
});
