/**
 * What an ABAC policy line grants. The legacy flat form has its own defaults, which the API
 * server applies when it converts a legacy line: no user and no group means every authenticated
 * user, `*` as user or group likewise, a missing namespace or resource matches all of them, every
 * API group matches, and a line without namespace and resource also matches every non-resource
 * path. In the v1beta1 form only `*` matches everything.
 */
import type { AbacPolicy } from '../../engine/abac.js';
import { pairOf, type Span, type YMap, type YPair } from '../../engine/model.js';

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

/** Legacy field names and the v1beta1 field they stand for. */
const LEGACY_ALIASES: Record<string, string> = { ns: 'namespace', kind: 'resource' };

/** The fields of a valid policy line; undefined for lines with syntax or schema problems. */
export function validFields(policy: AbacPolicy): YMap | undefined {
  return policy.problems.length === 0 ? policy.fields : undefined;
}

/** The pair that sets v1beta1 field `name` (legacy lines may spell it `ns` or `kind`). */
export function fieldPair(policy: AbacPolicy, name: string): YPair | undefined {
  const fields = policy.fields;
  if (policy.form === 'v1beta1') return pairOf(fields, name);
  let found: YPair | undefined;
  for (const pair of fields?.pairs ?? []) {
    const key = String(pair.key.value);
    if (key === name || LEGACY_ALIASES[key] === name) found = pair;
  }
  return found;
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
