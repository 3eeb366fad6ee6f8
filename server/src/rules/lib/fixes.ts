/** Fix builders shared by rules whose remedy is to delete the offending setting. */
import type { Fix } from '../../engine/edits.js';
import type { YMap, YPair, YSeq } from '../../engine/model.js';
import type { RuleContext } from '../../engine/rule.js';
import { t } from '../../l10n/t.js';

/**
 * True when `pair` is written inside `map` itself, not merged in (`<<: *anchor`) or reached
 * through an alias: only then may a fix edit it without changing other objects.
 */
export function isOwnPair(map: YMap, pair: YPair): boolean {
  return !map.viaAlias && !pair.value.viaAlias && pair.key.start >= map.start && pair.end <= map.end;
}

/** Removes `pair` from `map` (its whole lines; `{}` when it is the only entry). */
export function removeKeyFix(context: RuleContext, map: YMap, pair: YPair, safe: boolean, title?: string): Fix | undefined {
  if (!isOwnPair(map, pair)) return undefined;
  return { title: title ?? t('Remove {0}', String(pair.key.value)), edits: context.edits.removePair(map, pair), safe };
}

/** Removes item `index` of `seq`; undefined when the item cannot be removed by whole lines. */
export function removeItemFix(context: RuleContext, seq: YSeq, index: number, title: string, safe: boolean): Fix | undefined {
  if (seq.viaAlias) return undefined;
  const edits = context.edits.removeItem(seq, index);
  return edits.length ? { title, edits, safe } : undefined;
}

/** The fixes list for a report: empty when no fix could be built. */
export const fixesOf = (...fixes: (Fix | undefined)[]): Fix[] => fixes.filter((f): f is Fix => f !== undefined);
