/**
 * Edits of one map entry that keep the document valid: setting a value (also where it is empty,
 * as in `key:`), and removing entries so that a map that loses all of them becomes `key: {}` on
 * its parent's line, never a bare `key:` (which means null).
 */
import type { EditKit, Fix, Plain, TextEdit } from '../../engine/edits.js';
import type { YMap, YPair } from '../../engine/model.js';

/** A fix with `title` made of `edits`; none when there are no edits to make (e.g. through an alias). */
export function fixOf(title: string, edits: readonly TextEdit[] | undefined, safe: boolean): Fix[] {
  return edits?.length ? [{ title, edits, safe }] : [];
}

/** Edits that set the value of `pair`, or undefined when it is reached through an alias (editing it would change the anchor too). */
export function setValue(edits: EditKit, pair: YPair, value: Plain): TextEdit[] | undefined {
  return pair.value.viaAlias ? undefined : edits.replaceValue(pair, value);
}

/**
 * Edits that remove `pair` from `map` (the value of `holder`), when `removed` are all the entries
 * being removed from it. When they are all of its entries, every one of those fixes empties the
 * map with the same edit, so that applying them together removes it once.
 */
export function removeEntry(edits: EditKit, holder: YPair, map: YMap, pair: YPair, removed: readonly YPair[] = [pair]): TextEdit[] {
  if (holder.value !== map || map.viaAlias) return [];
  if (!map.pairs.every((p) => removed.includes(p))) return edits.removePair(map, pair);
  if (map.flow) return edits.emptyCollection(map, '{}');
  // Replace through the end of the map's last line, so that an insertion into the map (at the
  // start of the next line) touches this edit and waits for the next round instead of landing
  // below `key: {}`.
  let end = map.end;
  while (end > holder.key.end && /\s/.test(edits.text[end - 1]!)) end--;
  const lineEnd = edits.text.indexOf('\n', end);
  return [lineEnd < 0 ? { start: holder.key.end, end: edits.text.length, text: ': {}' } : { start: holder.key.end, end: lineEnd + 1, text: ': {}\n' }];
}
