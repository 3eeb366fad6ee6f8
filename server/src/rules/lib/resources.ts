/**
 * Shared by resource-limits and resource-requests: which of cpu and memory a container's
 * `resources.limits` / `resources.requests` lacks, and the fix that inserts the configured
 * values, creating `resources:` and the block as needed.
 */
import { describeContainer, type Container, type PodSpec } from '../../engine/k8s.js';
import { getMap, pairOf, type Span, type YMap } from '../../engine/model.js';
import type { Fix, TextEdit } from '../../engine/edits.js';
import type { RuleContext } from '../../engine/rule.js';
import { t } from '../../l10n/t.js';

export type ResourceBlock = 'limits' | 'requests';
const RESOURCES = ['cpu', 'memory'] as const;
type Resource = (typeof RESOURCES)[number];

/** A key counts as set when it has a value (`cpu:` with nothing after it does not). */
function isSet(block: YMap | undefined, key: Resource): boolean {
  const value = pairOf(block, key)?.value;
  return value !== undefined && !(value.kind === 'scalar' && (value.value === null || value.value === ''));
}

/** Reports every container whose `resources.<block>` lacks cpu or memory. */
export function checkResourceBlock(pod: PodSpec, context: RuleContext, block: ResourceBlock): void {
  for (const container of pod.containers) {
    // Ephemeral containers may not declare resources at all.
    if (container.kind === 'ephemeralContainers') continue;
    const resources = getMap(container.node, 'resources');
    const values = getMap(resources, block);
    const missing = RESOURCES.filter((key) => !isSet(values, key));
    if (missing.length === 0) continue;
    const edits = resourceEdits(container, block, missing, context);
    context.report({
      at: where(container, block),
      message: missingMessage(describeContainer(container), block, missing),
      fixes: edits ? [fixOf(block, missing, edits, context)] : [],
    });
  }
}

/** The block's key when it exists, else the `resources` key, else the container. */
function where(container: Container, block: ResourceBlock): Span {
  const resources = pairOf(container.node, 'resources');
  const blockPair = pairOf(resources?.value, block);
  return blockPair?.key ?? resources?.key ?? container.anchor;
}

function resourceEdits(container: Container, block: ResourceBlock, missing: readonly Resource[], context: RuleContext): TextEdit[] | undefined {
  const defaults = context.settings.resources[block];
  const values = getMap(container.node, 'resources', block);
  // Values shared through a YAML alias belong to other places too: leave them alone.
  if (values?.viaAlias) return undefined;
  if (!values || values.pairs.length === 0) {
    const all = Object.fromEntries(missing.map((key) => [key, defaults[key]]));
    return context.edits.setPath(container.node, ['resources', block], all);
  }
  return missing.flatMap((key) => context.edits.setKey(values, key, defaults[key]));
}

function fixOf(block: ResourceBlock, missing: readonly Resource[], edits: TextEdit[], context: RuleContext): Fix {
  const defaults = context.settings.resources[block];
  const shown = missing.map((key) => `${key}: ${defaults[key]}`).join(', ');
  // Values from settings are a guess at what the workload needs: never applied blind.
  return { title: t('Add {0} ({1})', block, shown), edits, safe: false };
}

/** `container "app" has no cpu and memory limits.` and its variants, each a whole sentence. */
function missingMessage(container: string, block: ResourceBlock, missing: readonly Resource[]): string {
  if (missing.length === 2) return block === 'limits' ? t('{0} has no cpu and memory limits.', container) : t('{0} has no cpu and memory requests.', container);
  return block === 'limits' ? t('{0} has no {1} limit.', container, missing[0]!) : t('{0} has no {1} request.', container, missing[0]!);
}
