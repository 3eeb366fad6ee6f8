import { defineRule } from '../engine/rule.js';

/** Reported by the engine itself (see engine/analyze.ts); this file holds its metadata. */
export default defineRule({
  meta: {
    id: 'yaml-syntax',
    title: 'YAML syntax errors',
    severity: 'error',
    category: 'syntax',
    rationale:
      'A document that is not valid YAML cannot be applied, and nothing in it can be checked. Other documents of the same file are still checked.',
    remediation: 'Correct the syntax at the marked position.',
    references: ['https://yaml.org/spec/1.2.2/'],
    fixable: false,
  },
});
