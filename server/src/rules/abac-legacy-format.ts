import { ABAC_API_VERSION } from '../engine/abac.js';
import { defineRule } from '../engine/rule.js';
import { t } from '../l10n/t.js';
import { describeGrant, grantOf, ignoredLegacyKeys, jsonObject, jsonStyle, lineAnchor, type JsonEntries } from './lib/abac.js';

const SPEC_ORDER = ['user', 'group', 'namespace', 'resource', 'apiGroup', 'nonResourcePath'] as const;

export default defineRule({
  meta: {
    id: 'abac-legacy-format',
    title: 'Legacy ABAC policy lines',
    severity: 'warning',
    category: 'abac',
    rationale:
      'Legacy flat lines (`{"user":"alice","namespace":"projectCaribou"}`) have implicit defaults: a missing namespace or resource means all of them, every API group is included, and a line without user and group applies to every authenticated user. The API server reads only the keys user, group, readonly, resource and namespace, in exactly that case, and ignores any other: `{"user":"alice","ns":"projectCaribou"}` grants alice every namespace. Written in the v1beta1 form the same grant is explicit and can be reviewed.',
    remediation: 'Rewrite the line as a v1beta1 Policy with the same meaning (the quick fix does this): `*` for what the legacy form left open.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/abac/#policy-file-format'],
    fixable: true,
    fixSafety: {
      level: 'safe',
      reason:
        'The v1beta1 line says the same as the legacy one: the API server authorizes exactly the same requests.',
    },
  },
  checkAbacPolicy(policy, context) {
    const grant = grantOf(policy);
    if (!grant || policy.form !== 'legacy' || !policy.node) return;
    const style = jsonStyle(policy.text);
    const spec: JsonEntries = [...SPEC_ORDER.flatMap((k) => (grant[k] === undefined ? [] : [[k, grant[k]] as const])), ...(grant.readonly ? [['readonly', true] as const] : [])];
    const converted = jsonObject([['apiVersion', ABAC_API_VERSION], ['kind', 'Policy'], ['spec', spec]], style);
    const ignored = ignoredLegacyKeys(policy).map((pair) => `"${String(pair.key.value)}"`);
    context.report({
      at: lineAnchor(policy),
      message: ignored.length
        ? t('Legacy ABAC policy line: kube-apiserver ignores {0} (the legacy form reads only user, group, readonly, resource and namespace, in exactly that case), so it grants {1}. Write it as a v1beta1 Policy.', ignored.join(', '), describeGrant(grant))
        : t('Legacy ABAC policy line: its implicit defaults grant {0}. Write it as a v1beta1 Policy.', describeGrant(grant)),
      fixes: [{ title: t('Convert to the v1beta1 form'), edits: [context.edits.replace(policy.node, converted)], safe: true }],
    });
  },
});
