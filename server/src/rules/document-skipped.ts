import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'document-skipped',
    title: 'Documents not checked (too large, too slow, or not text)',
    severity: 'info',
    category: 'syntax',
    rationale:
      'Very large documents, and the rest of a file whose analysis exceeds its time budget, are skipped so that the editor stays responsive (settings maxDocumentSize and timeBudgetMs). Files that are not UTF-8 text (binary data, or another encoding) are skipped because their values cannot be read reliably.',
    remediation: 'Split the document, or raise maxDocumentSize or timeBudgetMs in .kube-aegis.yaml; save text files as UTF-8.',
    references: [],
    fixable: false,
  },
});
