import { defineRule } from '../engine/rule.js';

/**
 * Reported by the rendering shell (see render/check.ts) when helm or kustomize ran on a chart or
 * kustomization and failed; this file holds its metadata.
 */
export default defineRule({
  meta: {
    id: 'render-failed',
    title: 'Chart or kustomization does not render',
    severity: 'error',
    category: 'rendering',
    rationale:
      'Nothing under a chart or kustomization can be checked until it renders: what the cluster would run is unknown. The finding carries the engine\'s own message, at the template line it names, else at Chart.yaml or kustomization.yaml. Remote bases and missing chart dependencies are reported here rather than downloaded.',
    remediation:
      'Fix the error the engine reports (run `helm template` or `kustomize build` on the folder to see it in full). Vendor remote bases and chart dependencies into the repository (`helm dependency build` puts them under charts/).',
    references: ['https://helm.sh/docs/helm/helm_template/', 'https://kubectl.docs.kubernetes.io/references/kustomize/cmd/build/'],
    fixable: false,
  },
});
