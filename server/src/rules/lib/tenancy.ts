/**
 * Shared logic of the cross-file tenancy rules: which namespace an object lands in, and the
 * "every Namespace needs a <kind>" check.
 */
import type { IndexedObject, WorkspaceContext, WorkspaceView } from '../../engine/workspace.js';
import { t } from '../../l10n/t.js';

/**
 * The namespace an object lands in. Without `metadata.namespace` it goes to the namespace it
 * is applied in; we assume `default`, the usual one, so that objects written side by side
 * without a namespace are still seen together.
 */
export function namespaceOf(object: IndexedObject): string {
  return object.namespace ?? 'default';
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
    const message =
      unplaced === 0
        ? t('namespace {0}: no {1} {2}. {3}', name, kind, view.scopeDescription, consequence)
        : unplaced === 1
          ? t('namespace {0}: no {1} {2} (1 {1} without metadata.namespace was counted for namespace default). {3}', name, kind, view.scopeDescription, consequence)
          : t('namespace {0}: no {1} {2} ({3} {4} without metadata.namespace were counted for namespace default). {5}', name, kind, view.scopeDescription, unplaced, plural(kind, unplaced), consequence);
    context.report({ object: namespace, message });
  }
}
