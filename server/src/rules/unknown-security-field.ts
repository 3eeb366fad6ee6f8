import type { Fix } from '../engine/edits.js';
import { expandedSize, get, hasKey, isMap, MAX_EXPANDED_NODES, pairOf, toPlain, type YMap, type YPair } from '../engine/model.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { isOwnPair } from './lib/fixes.js';
import { describeLevel, securityContexts } from './lib/security-context.js';
import { fieldsOf, schemaAt, securityContextErrors, type SecurityContextLevel } from './lib/security-context-fields.js';
import { closestName } from './lib/suggest.js';
import { restrictsWorkload, weakensSecurity } from './lib/weakening.js';
import { t } from '../l10n/t.js';

type Path = readonly (string | number)[];

export default defineRule({
  meta: {
    id: 'unknown-security-field',
    title: 'Unknown securityContext fields',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'A misspelt field in a `securityContext` (`runAsNonroot`, `readOnlyRootFileSystem`, `capabilities.drops`) is dropped by the API server, usually with no more than a client-side warning. The manifest reads as hardened while the setting never applies.',
    remediation: 'Correct the field name; the finding suggests the closest known field. The known fields are those of the Kubernetes PodSecurityContext and SecurityContext types.',
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context',
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
    ],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'The rename makes a setting take effect that the API server dropped so far. It is safe when that setting cannot stop the workload from starting; unsafe when it loosens confinement, or turns on a restriction a running workload may not meet (runAsNonRoot, readOnlyRootFilesystem, a user or group, capabilities, seccomp, AppArmor or SELinux settings, sysctls). A rename that loosens confinement or gives an invalid value is offered in the editor only: fix-all never applies it, not even with unsafe fixes.',
    },
  },
  checkPod(pod, context) {
    for (const block of securityContexts(pod)) {
      const level: SecurityContextLevel = block.container ? 'container' : 'pod';
      const other: SecurityContextLevel = block.container ? 'pod' : 'container';
      // Validating walks the block with its aliases expanded: a block that would grow past the limit is not validated.
      if (expandedSize(block.map) > MAX_EXPANDED_NODES) continue;
      for (const error of securityContextErrors(level, toPlain(block.map))) {
        if (error.keyword !== 'additionalProperties') continue;
        const key = String((error.params as { additionalProperty: unknown }).additionalProperty);
        const path = pointerPath(error.instancePath);
        // A field of the other level is misplaced, not unknown: misplaced-security-field reports it.
        if (path.length === 0 && fieldsOf(other).includes(key)) continue;
        const holder = get(block.map, ...path);
        const pair = isMap(holder) ? pairOf(holder, key) : undefined;
        if (!isMap(holder) || !pair) continue;
        const known = path.length === 0 ? [...fieldsOf(level), ...fieldsOf(other)] : Object.keys(schemaAt(level, path)?.properties ?? {});
        const suggestion = closestName(key, known);
        const field = path.filter((s) => typeof s === 'string').join('.');
        const where = path.length ? t('{0} in the securityContext of {1}', field, describeLevel(block)) : t('the securityContext of {0}', describeLevel(block));
        const fix = suggestion ? renameFix(context, level, block.map, holder, pair, path, suggestion) : undefined;
        context.report({
          at: pair.key,
          message: suggestion ? t('Unknown field {0} in {1}: Kubernetes ignores it. Did you mean {2}?', key, where, suggestion) : t('Unknown field {0} in {1}: Kubernetes ignores it.', key, where),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/** `/capabilities/drop/0` as `['capabilities', 'drop', 0]`. */
function pointerPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Renames the key. The rename makes a setting take effect that so far was ignored: safe when
 * the renamed setting validates, does not loosen confinement and cannot stop the workload.
 */
function renameFix(context: RuleContext, level: SecurityContextLevel, block: YMap, holder: YMap, pair: YPair, path: Path, suggestion: string): Fix | undefined {
  if (pairOf(holder, suggestion) || !isOwnPair(holder, pair)) return undefined;
  // A misspelt key written twice is the duplicate-key fixes' to settle first: renaming one copy
  // would leave the other, misspelt still.
  const written = String(pair.key.value);
  if (holder.pairs.filter((other) => hasKey(other, written)).length > 1) return undefined;
  const renamed = renamedBlock(block, path, String(pair.key.value), suggestion);
  const pointer = `/${[...path, suggestion].join('/')}`;
  const invalid = securityContextErrors(level, renamed).some((e) => e.keyword !== 'additionalProperties' && (e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`)));
  const top = path.length === 0 ? suggestion : String(path[0]);
  const weakens = weakensSecurity(top, renamed[top]);
  return {
    title: t('Rename {0} to {1}', String(pair.key.value), suggestion),
    edits: [context.edits.replace(pair.key, suggestion)],
    safe: !invalid && !weakens && !restrictsWorkload(top, renamed[top]),
    // An invalid value or a loosening setting is the author's to decide, not fix-all's.
    ...(invalid || weakens ? { manual: true } : {}),
  };
}

/** The block as plain data with the key at `path` renamed. */
function renamedBlock(block: YMap, path: Path, from: string, to: string): Record<string, unknown> {
  const data = toPlain(block) as Record<string, unknown>;
  const copy = structuredClone(data);
  let holder: unknown = copy;
  for (const segment of path) holder = (holder as Record<string | number, unknown>)[segment];
  const target = holder as Record<string, unknown>;
  target[to] = target[from];
  delete target[from];
  return copy;
}
