/**
 * Removing map entries so that what is left is valid and reads naturally: a map that loses
 * all its entries becomes `key: {}` on its parent's line, never a bare `key:` (which means null).
 */
import type { EditKit, TextEdit } from '../../engine/edits.js';
import type { YMap, YPair } from '../../engine/model.js';

/**
 * Edits that remove `pair` from `map` (the value of `holder`), when `removed` are all the entries
 * being removed from it. When they are all of its entries, every one of those fixes empties the
 * map with the same edit, so that applying them together removes it once.
 */
export function removeEntry(edits: EditKit, holder: YPair, map: YMap, pair: YPair, removed: readonly YPair[] = [pair]): TextEdit[] {
  if (holder.value !== map || map.viaAlias) return [];
  if (!map.pairs.every((p) => removed.includes(p))) return edits.removePair(map, pair);
  if (map.flow) return [edits.replace(map, '{}')];
  let end = map.end;
  while (end > holder.key.end && /\s/.test(edits.text[end - 1]!)) end--;
  return [{ start: holder.key.end, end, text: ': {}' }];
}
