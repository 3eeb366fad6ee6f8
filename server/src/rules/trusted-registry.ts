import { describeContainer } from '../engine/k8s.js';
import { defineRule } from '../engine/rule.js';
import { containerImage, fullName, isFromRegistry } from './lib/image.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'trusted-registry',
    title: 'Images from untrusted registries',
    severity: 'error',
    category: 'images',
    rationale:
      'Images pulled from anywhere bypass the scanning, signing and retention a team applies to its own registries, and a typo in a public name can pull an attacker\'s image. The rule runs only when `trustedRegistries` is configured.',
    remediation:
      'Mirror the image into one of the configured `trustedRegistries` and refer to it there, or add its registry (a host such as `ghcr.io`, or a prefix such as `ghcr.io/acme`) to `trustedRegistries`.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/'],
    fixable: false,
  },
  checkPod(pod, context) {
    const trusted = context.settings.trustedRegistries;
    if (trusted.length === 0) return;
    for (const container of pod.containers) {
      const found = containerImage(container);
      if (!found || trusted.some((entry) => isFromRegistry(found.image, entry))) continue;
      context.report({
        at: found.node,
        message: t('{0} pulls {1}, which is outside the trusted registries ({2}).', describeContainer(container), fullName(found.image), trusted.join(', ')),
      });
    }
  },
});
