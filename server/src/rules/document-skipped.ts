import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'document-skipped',
    title: 'Documents not checked in full (too large, too slow, or binary)',
    severity: 'warning',
    category: 'syntax',
    rationale:
      'Very large documents, and the rest of a document whose analysis exceeds its time budget, are left unchecked so that the editor stays responsive (settings maxDocumentSize and timeBudgetMs); the warning names what was skipped. Binary files (holding NUL bytes, which no manifest does) are not checked. What was not checked may hide anything, so this is a warning: `--fail-on warning` fails on it. A byte that is not valid UTF-8 does not make a file binary: the rest is checked, as Kubernetes reads it.',
    remediation: 'Split the document, or raise maxDocumentSize or timeBudgetMs in .kube-aegis.yaml; keep binary files out of manifest folders.',
    references: [],
    fixable: false,
  },
});
