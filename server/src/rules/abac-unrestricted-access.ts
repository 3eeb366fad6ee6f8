import { defineRule } from '../engine/rule.js';
import { fieldPair, grantOf, jsonStyle, lineAnchor, type AbacGrant } from './lib/abac.js';
import type { AbacPolicy } from '../engine/abac.js';
import type { TextEdit } from '../engine/edits.js';
import { t } from '../l10n/t.js';

const EVERYONE = new Set(['*', 'system:anonymous', 'system:unauthenticated', 'system:authenticated']);

export default defineRule({
  meta: {
    id: 'abac-unrestricted-access',
    title: 'ABAC policies granting everything',
    severity: 'error',
    category: 'abac',
    rationale:
      'A policy with every namespace, resource and API group (or every non-resource path) and without `readonly: true` lets its subjects change anything in the cluster. Outside a line for one named administrator, that is a cluster takeover waiting to happen. In the legacy form a missing namespace or resource means all of them.',
    remediation: 'Add `"readonly": true`, or narrow the namespace, resource and API group to what the subjects need.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/abac/#examples'],
    fixable: true,
    fixSafety: {
      level: 'unsafe',
      reason:
        'A read-only policy denies every write its subject made so far.',
    },
  },
  checkAbacPolicy(policy, context) {
    const grant = grantOf(policy);
    // A v1beta1 line without user and group matches nobody.
    if (!grant || grant.readonly || !grantsEverything(grant) || isNamedUser(grant) || (grant.user === undefined && grant.group === undefined)) return;
    const at = ['readonly', 'nonResourcePath', 'resource', 'namespace'].map((name) => fieldPair(policy, name)?.key).find((key) => key) ?? lineAnchor(policy);
    const subject = grant.user !== undefined ? t('user "{0}"', grant.user) : t('group "{0}"', grant.group ?? '');
    context.report({
      at,
      message: allResources(grant)
        ? t('This policy gives {0} write access to every resource in every namespace.', subject)
        : t('This policy gives {0} write access to every non-resource path.', subject),
      fixes: [{ title: t('Add "readonly": true'), edits: readonlyEdits(policy), safe: false }],
    });
  },
});

const allResources = (grant: AbacGrant): boolean => grant.namespace === '*' && grant.resource === '*' && grant.apiGroup === '*';

function grantsEverything(grant: AbacGrant): boolean {
  return allResources(grant) || grant.nonResourcePath === '*';
}

/** An explicit administrator: a named user, not a group and not a wildcard. */
function isNamedUser(grant: AbacGrant): boolean {
  return grant.user !== undefined && grant.user !== '' && !EVERYONE.has(grant.user) && (grant.group === undefined || !EVERYONE.has(grant.group));
}

function readonlyEdits(policy: AbacPolicy): TextEdit[] {
  const existing = fieldPair(policy, 'readonly');
  if (existing) return [{ start: existing.value.start, end: existing.value.end, text: 'true' }];
  const fields = policy.fields!;
  const style = jsonStyle(policy.text);
  const entry = `"readonly"${style.colon}true`;
  const last = fields.pairs[fields.pairs.length - 1];
  if (last) return [{ start: last.end, end: last.end, text: `${style.comma}${entry}` }];
  return [{ start: fields.start + 1, end: fields.start + 1, text: entry }];
}
