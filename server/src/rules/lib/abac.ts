/**
 * What an ABAC policy line grants. The legacy flat form has its own defaults, which the API
 * server applies when it converts a legacy line: no user and no group means every authenticated
 * user, `*` as user or group likewise, a missing namespace or resource matches all of them, every
 * API group matches, and a line without namespace and resource also matches every non-resource
 * path. In the v1beta1 form only `*` matches everything.
 */
import type { AbacPolicy } from '../../engine/abac.js';
import { pairOf, type Span, type YMap, type YPair } from '../../engine/model.js';
import { t } from '../../l10n/t.js';

export const ALL_AUTHENTICATED = 'system:authenticated';

export interface AbacGrant {
  readonly user?: string;
  readonly group?: string;
  readonly namespace?: string;
  readonly resource?: string;
  readonly apiGroup?: string;
  readonly nonResourcePath?: string;
  readonly readonly: boolean;
}

/**
 * The keys the API server's decoder reads in a legacy (unversioned, v0) line. It matches them
 * with their exact case (Kubernetes decodes JSON case-sensitively) and ignores every other key:
 * `ns`, `kind` or `User` leave the field they look like unset, which in this form widens the grant.
 */
export const LEGACY_FIELDS: readonly string[] = ['user', 'group', 'readonly', 'resource', 'namespace'];

/** The fields of a valid policy line; undefined for lines with syntax or schema problems. */
export function validFields(policy: AbacPolicy): YMap | undefined {
  return policy.problems.length === 0 ? policy.fields : undefined;
}

/** The pair that sets v1beta1 field `name` (legacy lines may spell it `ns` or `kind`). */
export function fieldPair(policy: AbacPolicy, name: string): YPair | undefined {
  const fields = policy.fields;
  if (policy.form === 'v1beta1') return pairOf(fields, name);
  if (!LEGACY_FIELDS.includes(name)) return undefined;
  // A key given twice: the decoder keeps the last value.
  let found: YPair | undefined;
  for (const pair of fields?.pairs ?? []) if (String(pair.key.value) === name) found = pair;
  return found;
}

/** The keys of a legacy line that the API server ignores. */
export function ignoredLegacyKeys(policy: AbacPolicy): YPair[] {
  if (policy.form !== 'legacy') return [];
  return (policy.fields?.pairs ?? []).filter((pair) => !LEGACY_FIELDS.includes(String(pair.key.value)));
}

/** What a grant allows, as a person reads it: "user alice read-only access to pods in every namespace". */
export function describeGrant(grant: AbacGrant): string {
  const subject =
    grant.user !== undefined && grant.user !== '*'
      ? t('user {0}', grant.user)
      : grant.group === ALL_AUTHENTICATED || grant.group === '*' || grant.user === '*'
        ? t('every authenticated user')
        : t('group {0}', grant.group ?? '?');
  const access = grant.readonly ? t('read-only access') : t('full access');
  const resources = grant.resource === '*' ? t('every resource') : (grant.resource ?? '?');
  const namespaces = grant.namespace === '*' ? t('every namespace') : t('namespace {0}', grant.namespace ?? '?');
  return grant.nonResourcePath === '*'
    ? t('{0} {1} to {2} in {3}, and to every non-resource path', subject, access, resources, namespaces)
    : t('{0} {1} to {2} in {3}', subject, access, resources, namespaces);
}

function stringField(policy: AbacPolicy, name: string): string | undefined {
  const value = fieldPair(policy, name)?.value;
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/** What a valid line grants, in v1beta1 terms (legacy defaults applied). */
export function grantOf(policy: AbacPolicy): AbacGrant | undefined {
  if (!validFields(policy)) return undefined;
  const readonlyValue = fieldPair(policy, 'readonly')?.value;
  const readonly = readonlyValue?.kind === 'scalar' && readonlyValue.value === true;
  const own = {
    user: stringField(policy, 'user'),
    group: stringField(policy, 'group'),
    namespace: stringField(policy, 'namespace'),
    resource: stringField(policy, 'resource'),
    apiGroup: stringField(policy, 'apiGroup'),
    nonResourcePath: stringField(policy, 'nonResourcePath'),
  };
  if (policy.form === 'v1beta1') return withoutUndefined({ ...own, readonly });
  const everyone = (!own.user && !own.group) || own.user === '*' || own.group === '*';
  return withoutUndefined({
    user: everyone ? undefined : own.user || undefined,
    group: everyone ? ALL_AUTHENTICATED : own.group || undefined,
    namespace: own.namespace || '*',
    resource: own.resource || '*',
    apiGroup: '*',
    nonResourcePath: !own.namespace && !own.resource ? '*' : undefined,
    readonly,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Where to point for a whole line's problem: its first field's key, else its opening brace. */
export function lineAnchor(policy: AbacPolicy): Span {
  const first = policy.fields?.pairs[0]?.key ?? policy.node?.pairs[0]?.key;
  return first ?? { start: 0, end: Math.min(1, policy.text.length) };
}

/** The separators the line uses, so that inserted text looks like the rest: `":"` or `": "`, `","` or `", "`. */
export function jsonStyle(text: string): { colon: string; comma: string } {
  return { colon: /":\s/.test(text) ? ': ' : ':', comma: /[}\]"el0-9],\s/.test(text) ? ', ' : ',' };
}

/** Key-value entries of a JSON object; a nested object is written as its own entries. */
export type JsonEntries = readonly (readonly [string, string | boolean | JsonEntries])[];

/** `{"a":"x","b":true}` in the line's style. */
export function jsonObject(entries: JsonEntries, style: { colon: string; comma: string }): string {
  const value = (v: string | boolean | JsonEntries): string => (Array.isArray(v) ? jsonObject(v as JsonEntries, style) : JSON.stringify(v));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}${style.colon}${value(v)}`).join(style.comma)}}`;
}
