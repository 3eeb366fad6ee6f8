import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'document-skipped',
    title: 'Documents too large to check',
    severity: 'info',
    category: 'syntax',
    rationale:
      'Very large documents are skipped so that the editor stays responsive; the limit is the maxDocumentSize setting.',
    remediation: 'Split the document, or raise maxDocumentSize in .kube-aegis.yaml.',
    references: [],
    fixable: false,
  },
});
