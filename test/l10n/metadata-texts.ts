import type { Rule } from '../../server/src/engine/rule.js';

/**
 * The texts of rule metadata that are shown to people and translated through `translateText`:
 * titles, rationales, remediations, fix-safety reasons, control-plane needs, differences from
 * other linters and Pod Security Standards control names.
 */
export function metadataTexts(rules: readonly Rule[]): string[] {
  return rules.flatMap(({ meta }) => [
    meta.title,
    meta.rationale,
    meta.remediation,
    ...(meta.fixSafety ? [meta.fixSafety.reason] : []),
    ...(meta.controlPlaneNeed ? [meta.controlPlaneNeed] : []),
    ...(meta.differences ?? []),
    ...(meta.pss ? [meta.pss.control] : []),
  ]);
}
