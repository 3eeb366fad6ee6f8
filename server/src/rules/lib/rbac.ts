/** Roles, bindings and their rules (rbac.authorization.k8s.io). */
import type { K8sObject } from '../../engine/k8s.js';
import { getMap, isMap, isScalar, itemsAt, type YMap, type YScalar } from '../../engine/model.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io/';

const isRbac = (object: K8sObject, kinds: readonly string[]) => object.apiVersion.startsWith(RBAC_GROUP) && kinds.includes(object.kind);

export const isRole = (object: K8sObject): boolean => isRbac(object, ['Role', 'ClusterRole']);
export const isBinding = (object: K8sObject): boolean => isRbac(object, ['RoleBinding', 'ClusterRoleBinding']);

/** The `rules` entries of a Role or ClusterRole. */
export function policyRulesOf(object: K8sObject): YMap[] {
  return isRole(object) ? itemsAt(object.node, 'rules').filter(isMap) : [];
}

/** The string items of a list field of a policy rule (`verbs`, `resources`, `apiGroups`). */
export function listItems(rule: YMap, key: 'verbs' | 'resources' | 'apiGroups'): (YScalar & { value: string })[] {
  return itemsAt(rule, key).filter((item): item is YScalar & { value: string } => isScalar(item) && typeof item.value === 'string');
}

/** True when the list field holds one of `values` (or `*`). */
export function listGrants(rule: YMap, key: 'verbs' | 'resources' | 'apiGroups', values: readonly string[]): boolean {
  return listItems(rule, key).some((item) => item.value === '*' || values.includes(item.value));
}

/**
 * Whether one `resources` entry grants `resource` (with `subresource`, e.g. `pods` + `exec`), as
 * the RBAC authorizer matches them: `*` grants everything, an entry equal to `pods/exec` grants
 * it, and `*` + `/exec` grants the `exec` subresource of every resource. There is no
 * `pods/*` form: that entry grants only a subresource literally named `*`, i.e. nothing.
 */
export function resourceEntryGrants(entry: string, resource: string, subresource?: string): boolean {
  if (entry === '*') return true;
  if (subresource === undefined || subresource === '') return entry === resource;
  return entry === `${resource}/${subresource}` || entry === `*/${subresource}`;
}

/** The `resources` entries of a policy rule that grant `resource` (or its `subresource`). */
export function entriesGranting(rule: YMap, resource: string, subresource?: string): (YScalar & { value: string })[] {
  return listItems(rule, 'resources').filter((item) => resourceEntryGrants(item.value, resource, subresource));
}

/** `pods/*`: an entry that looks like "every subresource of pods" but grants none (see `resourceEntryGrants`). */
export function isSubresourceWildcard(entry: string): boolean {
  const slash = entry.indexOf('/');
  return slash > 0 && entry.slice(slash + 1) === '*' && entry.slice(0, slash) !== '*';
}

/** True when the rule applies to the core API group ("" or `*`). */
export function coversCoreGroup(rule: YMap): boolean {
  return listGrants(rule, 'apiGroups', ['']);
}

/** The `subjects` entries of a binding. */
export function subjectsOf(object: K8sObject): YMap[] {
  return isBinding(object) ? itemsAt(object.node, 'subjects').filter(isMap) : [];
}

export function roleRefOf(object: K8sObject): YMap | undefined {
  return isBinding(object) ? getMap(object.node, 'roleRef') : undefined;
}
