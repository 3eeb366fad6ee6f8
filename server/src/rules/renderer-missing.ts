import { defineRule } from '../engine/rule.js';

/**
 * Reported by the rendering shell (see render/check.ts) when the program that renders a chart or
 * kustomization cannot be found; this file holds its metadata.
 */
export default defineRule({
  meta: {
    id: 'renderer-missing',
    title: 'helm or kustomize is not installed',
    severity: 'warning',
    category: 'rendering',
    rationale:
      'Helm charts and kustomizations are checked as the cluster would receive them, rendered by the real helm or kustomize. When the program is not found, none of the files under that root is checked, and saying nothing would look like a clean result.',
    remediation:
      'Install helm (https://helm.sh/docs/intro/install/) or kustomize / kubectl (kubectl kustomize is built in), or name the program: `kube-aegis scan --helm PATH --kustomize PATH`, `render: {helm: PATH, kustomize: PATH}` in .kube-aegis.yaml, or the kubeAegis.helmPath / kubeAegis.kustomizePath editor settings.',
    references: ['https://helm.sh/docs/intro/install/', 'https://kubectl.docs.kubernetes.io/installation/kustomize/'],
    fixable: false,
  },
});
