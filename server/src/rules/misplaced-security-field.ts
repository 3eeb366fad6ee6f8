import { lazyFix, type Fix, type Plain, type TextEdit } from '../engine/edits.js';
import type { PodSpec } from '../engine/k8s.js';
import { expandedSize, getMap, MAX_EXPANDED_NODES, pairOf, toPlain, type YMap, type YPair } from '../engine/model.js';
import { defineRule, type RuleContext } from '../engine/rule.js';
import { isOwnPair } from './lib/fixes.js';
import { describeLevel, securityContexts, type SecurityContextAt } from './lib/security-context.js';
import { CONTAINER_ONLY_FIELDS, POD_ONLY_FIELDS } from './lib/security-context-fields.js';
import { restrictsWorkload, weakensSecurity } from './lib/weakening.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'misplaced-security-field',
    title: 'Security settings at the wrong level',
    severity: 'warning',
    category: 'pod-security',
    rationale:
      'Pod and container `securityContext` blocks share some fields but not all. `privileged`, `allowPrivilegeEscalation`, `capabilities`, `readOnlyRootFilesystem` and `procMount` exist only on containers; `fsGroup`, `fsGroupChangePolicy`, `supplementalGroups`, `supplementalGroupsPolicy`, `seLinuxChangePolicy` and `sysctls` only on the pod. Written at the other level they are dropped (or rejected) by the API server, so the hardening the author intended silently does not happen.',
    remediation: 'Move container-only fields from `spec.securityContext` into the `securityContext` of every container, and pod-only fields from a container to `spec.securityContext`.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context',
    ],
    fixable: true,
    fixSafety: {
      level: 'depends',
      reason:
        'The move makes a setting take effect where it belongs. It is safe when that setting cannot stop the workload from starting; unsafe when it loosens confinement, or turns on a restriction a running workload may not meet (runAsNonRoot, readOnlyRootFilesystem, a user or group, capabilities, seccomp, AppArmor or SELinux settings, sysctls). A move that loosens confinement is offered in the editor only: fix-all never applies it, not even with unsafe fixes.',
    },
  },
  checkPod(pod, context) {
    for (const block of securityContexts(pod)) {
      const misplaced = block.container ? POD_ONLY_FIELDS : CONTAINER_ONLY_FIELDS;
      for (const pair of block.map.pairs) {
        const key = String(pair.key.value);
        if (!misplaced.has(key)) continue;
        const fix = moveFix(pod, block, pair, context);
        context.report({
          at: pair.key,
          message: block.container
            ? t('{0} is a pod setting: in the securityContext of {1} it has no effect. Set it in the pod securityContext.', key, describeLevel(block))
            : t('{0} is a container setting: in the pod securityContext it has no effect. Set it on each container.', key),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/**
 * Removes `pair` from its block and sets it where it belongs: the pod securityContext for a
 * container's pod-only field, every container for a pod's container-only field. A target that
 * already sets the field keeps its own value.
 */
function moveFix(pod: PodSpec, block: SecurityContextAt, pair: YPair, context: RuleContext): Fix | undefined {
  if (!isOwnPair(block.map, pair)) return undefined;
  // Writing the value elsewhere expands its aliases: a value that would grow past the limit gets no fix.
  if (expandedSize(pair.value) > MAX_EXPANDED_NODES) return undefined;
  const key = String(pair.key.value);
  // Aliases stay shared in the plain value: reading it costs no more than its text.
  const value = toPlain(pair.value) as Plain;
  const targets: readonly YMap[] = block.container ? [pod.spec] : pod.containers.map((c) => c.node);
  if (targets.length === 0) return undefined;
  const { edits } = context;
  // The value is written out (aliases expanded, once per target) only when the fix is asked for.
  const build = (): TextEdit[] => {
    const out: TextEdit[] = [...edits.removePair(block.map, pair)];
    for (const target of value === null ? [] : targets) {
      if (pairOf(getMap(target, 'securityContext'), key)) continue;
      const set = edits.setPath(target, ['securityContext', key], value);
      if (!set) return [];
      out.push(...set);
    }
    return out;
  };
  return lazyFix(
    {
      title: block.container ? t('Move {0} to the pod securityContext', key) : t('Move {0} to every container', key),
      // Moving makes the setting take effect: safe unless the value loosens confinement or can stop the
      // workload; a loosening one is the author's to decide, not fix-all's.
      safe: !weakensSecurity(key, value) && !restrictsWorkload(key, value),
      ...(weakensSecurity(key, value) ? { manual: true } : {}),
    },
    build,
  );
}
