import { describeContainer } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { containerImage } from './lib/image.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'image-digest',
    title: 'Images not pinned by digest',
    severity: 'info',
    category: 'images',
    rationale:
      'A tag is a movable label: whoever can push to the repository can point `1.2.3` at other content. Only a digest (`@sha256:...`) names exactly the bytes that were reviewed and scanned.',
    remediation: 'Refer to the image by digest, e.g. `registry.example.com/api@sha256:<digest>` (tools such as `crane digest` print it).',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    fixable: false,
    disabledByDefault: true,
  },
  checkPod(pod, context) {
    for (const container of pod.containers) {
      const found = containerImage(container);
      if (!found || found.image.digest) continue;
      context.report({ at: found.node, message: t('{0} refers to its image by tag, not by digest.', describeContainer(container)) });
    }
  },
});
