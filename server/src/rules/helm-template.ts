import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'helm-template',
    title: 'Templated documents are not checked',
    severity: 'info',
    category: 'syntax',
    rationale:
      'Template expressions such as {{ .Values.x }} make a document something other than YAML until it is rendered; checking the unrendered text would only produce guesses and false alarms.',
    remediation:
      'Keep templates in a chart (a folder with Chart.yaml): `kube-aegis scan` and the editor render the charts they find and report each finding on the template or values line behind it (docs/helm-and-kustomize.md). A template outside any chart can be checked through its rendered output: `helm template my-release ./chart | kube-aegis scan -`.',
    references: ['https://helm.sh/docs/helm/helm_template/'],
    fixable: false,
  },
});
