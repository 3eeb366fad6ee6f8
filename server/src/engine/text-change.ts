/** Where two versions of a text differ, for the work that is redone only where a text changed. */

/** The changed part of a text: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** Where two texts differ: their common prefix and suffix left out (undefined when equal). */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  // Compared in chunks first (native string comparison), then character by character.
  for (let chunk = 4096; chunk >= 1; chunk >>= 4) {
    while (start + chunk <= shorter && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  }
  let suffix = 0;
  const most = shorter - start;
  for (let chunk = 4096; chunk >= 1; chunk >>= 4) {
    while (suffix + chunk <= most && before.slice(before.length - suffix - chunk, before.length - suffix) === after.slice(after.length - suffix - chunk, after.length - suffix)) suffix += chunk;
  }
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
