import type { AbacSpread } from '../engine/abac.js';
import { compactJson } from '../engine/json.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'abac-syntax',
    title: 'ABAC policy syntax',
    severity: 'error',
    category: 'abac',
    rationale:
      'kube-apiserver refuses to start when a line of its ABAC policy file is not a valid policy, and a misspelt field is not a harmless typo: the policy then grants something other than what was meant. It reads each line alone, so a policy pretty-printed over several lines, or a file written as a JSON array of policies, is refused too.',
    remediation: 'Write each line as one JSON object: `{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":{...}}` with the fields user, group, readonly, apiGroup, namespace, resource and nonResourcePath. The quick fix joins a policy spread over several lines onto one line, and writes the policies of a JSON array one per line.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/abac/#policy-file-format'],
    fixable: true,
    fixSafety: {
      level: 'safe',
      reason: 'Joining the lines of a policy changes only the whitespace between its tokens: every key and value stays as written, so the API server reads the policy that was meant.',
    },
  },
  checkAbacPolicy(policy, context) {
    if (policy.spread) reportSpread(policy.text, policy.spread, context);
    for (const problem of policy.problems) context.report({ at: problem, message: t('Invalid ABAC policy: {0}.', problem.message) });
  },
});

/** One finding for the whole spread unit, at its opening bracket, with the fix that writes it as JSON Lines. */
function reportSpread(text: string, spread: AbacSpread, context: RuleContext): void {
  const { node } = spread;
  const at = { start: node.start, end: node.start + 1 };
  if (node.kind === 'map') {
    context.report({
      at,
      message: t('ABAC policy files hold one JSON object per line: this policy spans {0} lines; kube-apiserver reads each line alone and refuses the file.', spread.lines),
      fixes: [{ title: t('Join the policy onto one line'), edits: [context.edits.replace(node, compactJson(text, node))], safe: true }],
    });
    return;
  }
  const joined = node.items.map((item) => compactJson(text, item)).join(context.edits.newline);
  context.report({
    at,
    message: t('ABAC policy files hold one JSON object per line: this JSON array holds {0} policies; kube-apiserver reads each line alone and refuses the file.', node.items.length),
    fixes: [{ title: t('Write each policy of the array on its own line'), edits: [context.edits.replace(node, joined)], safe: true }],
  });
}
