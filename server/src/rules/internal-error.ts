import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'internal-error',
    title: 'Internal errors',
    severity: 'info',
    category: 'syntax',
    rationale:
      'A rule failed on an input it did not expect. The rest of the file is still checked; please report the input.',
    remediation: 'Report the manifest that triggers it.',
    references: [],
    fixable: false,
  },
});
