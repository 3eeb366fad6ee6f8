/** "Did you mean ...?" for misspelt field names. */

/** Edit distance with transpositions (optimal string alignment), ignoring letter case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/**
 * The known name closest to `name`, when it is close enough to be a typo (one edit for short
 * names, two from eight characters) and no other name is as close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = name.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of new Set(known)) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return best !== undefined && bestDistance <= limit && !tied ? best : undefined;
}
