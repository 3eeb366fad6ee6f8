/**
 * Shared logic of the cross-file tenancy rules: which namespace an object lands in, and the
 * "every Namespace needs a <kind>" check.
 */
import { namespacePlacement } from '../../engine/k8s.js';
import { t } from '../../l10n/t.js';
import type { IndexedObject, WorkspaceContext, WorkspaceView } from '../../engine/workspace.js';

/** The namespace an object lands in (see `namespacePlacement`); `default` for a cluster-scoped one, which no namespace rule counts. */
export function namespaceOf(object: IndexedObject): string {
  return namespacePlacement(object)?.namespace ?? 'default';
}

/** "Deployment web (namespace shop)", saying when the namespace is assumed rather than written. */
export function workloadInNamespace(object: IndexedObject, namespace: string): string {
  const what = object.name ? `${object.kind} ${object.name}` : object.kind;
  return namespacePlacement(object)?.written === false
    ? t('{0} (no metadata.namespace: namespace {1} assumed)', what, namespace)
    : t('{0} (namespace {1})', what, namespace);
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
  const unplaced = view.ofKind(kind).filter((o) => namespacePlacement(o)?.written === false).length;
  for (const namespace of view.ofKind('Namespace')) {
    const name = namespace.name;
    if (name === undefined || present.has(name)) continue;
    const message =
      unplaced === 0
        ? t('namespace {0}: no {1} {2}. {3}', name, kind, view.scopeDescription, consequence)
        : unplaced === 1
          ? t('namespace {0}: no {1} {2} (1 {1} without metadata.namespace was counted for namespace default). {3}', name, kind, view.scopeDescription, consequence)
          : t('namespace {0}: no {1} {2} ({3} {4} without metadata.namespace were counted for namespace default). {5}', name, kind, view.scopeDescription, unplaced, plural(kind, unplaced), consequence);
    context.report({ object: namespace, message });
  }
}
