/** The rules the server runs, and their metadata by id (for hovers and titles). */
import type { RuleMeta } from '../engine/index.js';
import { ALL_RULES } from '../rules/index.js';

export const RULES = ALL_RULES;

const META_BY_ID = new Map<string, RuleMeta>(ALL_RULES.map((rule) => [rule.meta.id, rule.meta]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return META_BY_ID.get(id);
}
