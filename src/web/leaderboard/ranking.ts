/** Below this, a measured spread is not believed: even a quiet machine varies by a couple of per cent. */
const MIN_CV = 0.02;

export interface Timed {
  speedup: number;
  /** Coefficient of variation of the speedup's measurement; null when unknown. */
  cv: number | null;
}

export interface Ranked<T> {
  /** 1-based; entries tied with the one above share its rank. */
  rank: number;
  tied: boolean;
  entry: T;
}

/**
 * Fastest first. Two speedups tie when they differ by less than their combined measurement noise (twice the
 * root of the summed squared spreads): ranking one above the other would be ranking the machine's mood, not
 * the code. A tie group is anchored at its fastest member, so ties do not chain down the whole table.
 */
export function rankWithTies<T extends Timed>(entries: T[]): Ranked<T>[] {
  const sorted = [...entries].sort((a, b) => b.speedup - a.speedup);
  const ranked: Ranked<T>[] = [];
  let leader: Ranked<T> | undefined;
  for (const [index, entry] of sorted.entries()) {
    if (leader && withinNoise(leader.entry, entry)) {
      leader.tied = true;
      ranked.push({ rank: leader.rank, tied: true, entry });
    } else {
      leader = { rank: index + 1, tied: false, entry };
      ranked.push(leader);
    }
  }
  return ranked;
}

export function withinNoise(faster: Timed, slower: Timed): boolean {
  const noise = 2 * Math.hypot(Math.max(faster.cv ?? MIN_CV, MIN_CV), Math.max(slower.cv ?? MIN_CV, MIN_CV));
  return faster.speedup / slower.speedup - 1 <= noise;
}
