/**
 * Shared logic of the cross-file tenancy rules: which namespace an object lands in, and the
 * "every Namespace needs a <kind>" check.
 */
import type { IndexedObject, WorkspaceContext, WorkspaceView } from '../../engine/workspace.js';

/**
 * The namespace an object lands in. Without `metadata.namespace` it goes to the namespace it
 * is applied in; we assume `default`, the usual one, so that objects written side by side
 * without a namespace are still seen together.
 */
export function namespaceOf(object: IndexedObject): string {
  return object.namespace ?? 'default';
}

/** The objects that run pods (not a PodTemplate, a fragment filled in elsewhere), by namespace. */
export function workloadsByNamespace(objects: readonly IndexedObject[]): Map<string, IndexedObject[]> {
  const out = new Map<string, IndexedObject[]>();
  for (const object of objects) {
    if (!object.podLabels || object.kind === 'PodTemplate') continue;
    const namespace = namespaceOf(object);
    const list = out.get(namespace);
    if (list) list.push(object);
    else out.set(namespace, [object]);
  }
  return out;
}

export function plural(kind: string, count: number): string {
  if (count === 1) return kind;
  return kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** Reports each Namespace object that no object of `kind` is placed in. */
export function reportNamespacesWithout(kind: string, view: WorkspaceView, context: WorkspaceContext, consequence: string): void {
  const present = new Set(view.ofKind(kind).map(namespaceOf));
  const unplaced = view.ofKind(kind).filter((o) => o.namespace === undefined).length;
  for (const namespace of view.ofKind('Namespace')) {
    const name = namespace.name;
    if (name === undefined || present.has(name)) continue;
    const hint = unplaced ? ` (${unplaced} ${plural(kind, unplaced)} without metadata.namespace ${unplaced === 1 ? 'was' : 'were'} counted for namespace default)` : '';
    context.report({ object: namespace, message: `namespace ${name}: no ${kind} ${view.scopeDescription}${hint}. ${consequence}` });
  }
}
