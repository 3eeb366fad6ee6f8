/**
 * Reading securityContext settings the way the kubelet resolves them: a container's own
 * setting wins over the pod's.
 */
import type { EditKit, Plain, TextEdit } from '../../engine/edits.js';
import { describeContainer, type Container, type PodSpec } from '../../engine/k8s.js';
import { getMap, pairOf, type ScalarValue, type YMap, type YNode, type YPair } from '../../engine/model.js';
import { fieldsOf } from './security-context-fields.js';
import { closestName } from './suggest.js';
import { t } from '../../l10n/t.js';

export const podSecurityContext = (pod: PodSpec): YMap | undefined => getMap(pod.spec, 'securityContext');
export const containerSecurityContext = (container: Container): YMap | undefined => getMap(container.node, 'securityContext');

/** True when the pod declares itself a Windows pod (`spec.os.name: windows`). */
export function isWindowsPod(pod: PodSpec): boolean {
  const os = getMap(pod.spec, 'os');
  const name = os && pairOf(os, 'name')?.value;
  return name?.kind === 'scalar' && name.value === 'windows';
}

/** One securityContext of a pod spec: the pod's own, or a container's. */
export interface SecurityContextAt {
  readonly map: YMap;
  readonly level: 'pod' | 'container';
  /** The container it belongs to (container level only). */
  readonly container?: Container;
}

/** The pod's securityContext, then each container's, as far as they are maps. */
export function securityContexts(pod: PodSpec): SecurityContextAt[] {
  const out: SecurityContextAt[] = [];
  const own = podSecurityContext(pod);
  if (own) out.push({ map: own, level: 'pod' });
  for (const container of pod.containers) {
    const map = containerSecurityContext(container);
    if (map) out.push({ map, level: 'container', container });
  }
  return out;
}

/**
 * The entry of `map` for `key` when it sets a value. `key:` and `key: null` leave the field
 * unset, as the API server reads them, so they count as absent.
 */
export function settingOf(map: YMap | undefined, key: string): YPair | undefined {
  const pair = pairOf(map, key);
  return pair && scalarOf(pair.value) !== null ? pair : undefined;
}

/** The `pair` that holds `key` in each securityContext that sets it, with where it sits. */
export function explicitSettings(pod: PodSpec, key: string): (SecurityContextAt & { readonly pair: YPair })[] {
  const out: (SecurityContextAt & { readonly pair: YPair })[] = [];
  for (const at of securityContexts(pod)) {
    const pair = settingOf(at.map, key);
    if (pair) out.push({ ...at, pair });
  }
  return out;
}

/** "the pod" or `container "app"`, for messages about a securityContext. */
export function describeLevel(at: SecurityContextAt): string {
  return at.container ? describeContainer(at.container) : t('the pod');
}

/** The scalar value of a node, or undefined when it is a collection. */
export function scalarOf(node: YNode | undefined): ScalarValue | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/** True when the pod opts out of the host user namespace (`hostUsers: false`). */
export function usesUserNamespace(pod: PodSpec): boolean {
  return scalarOf(pairOf(pod.spec, 'hostUsers')?.value) === false;
}

/** Edits that set `path` inside the container's securityContext, creating the blocks it lacks. */
export function setInContainerSecurityContext(edits: EditKit, container: Container, path: readonly string[], value: Plain): TextEdit[] | undefined {
  return edits.setPath(container.node, ['securityContext', ...path], value);
}

const ALL_FIELDS: readonly string[] = [...new Set([...fieldsOf('pod'), ...fieldsOf('container')])];

/**
 * True when `map` holds a misspelling of `key` (`runAsNonroot` for `runAsNonRoot`) that
 * unknown-security-field offers to rename. A fix that adds `key` then offers nothing: applied
 * together with the rename it would leave the key twice. `known` are the field names valid in
 * `map` (the securityContext fields by default).
 */
export function holdsMisspellingOf(map: YMap | undefined, key: string, known: readonly string[] = ALL_FIELDS): boolean {
  return (map?.pairs ?? []).some((pair) => {
    const written = pair.key.value;
    return typeof written === 'string' && written !== key && !known.includes(written) && closestName(written, known) === key;
  });
}
