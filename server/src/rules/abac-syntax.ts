import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'abac-syntax',
    title: 'ABAC policy syntax',
    severity: 'error',
    category: 'abac',
    rationale:
      'kube-apiserver refuses to start when a line of its ABAC policy file is not a valid policy, and a misspelt field is not a harmless typo: the policy then grants something other than what was meant.',
    remediation: 'Write each line as one JSON object: `{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{...}}` with the fields user, group, readonly, apiGroup, namespace, resource and nonResourcePath.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/abac/#policy-file-format'],
    fixable: false,
  },
  checkAbacPolicy(policy, context) {
    for (const problem of policy.problems) context.report({ at: problem, message: t('Invalid ABAC policy: {0}.', problem.message) });
  },
});
