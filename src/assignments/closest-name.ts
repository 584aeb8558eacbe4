/** Levenshtein distance: insertions, deletions and substitutions needed to turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate a misspelt name most likely meant, or undefined when none is close. camelCase is compared as
 * snake_case because instructors who read the TypeScript types write `wallTimeS` for `wall_time_s`.
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const normalised = word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(normalised, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const tolerance = Math.max(2, Math.floor(best.name.length / 3));
  return best.distance <= tolerance ? best.name : undefined;
}
