/**
 * Statistics for side-by-side timing (pyperf/asv style): the minimum within a process, the median across
 * processes, and the spread of the per-round ratios.
 */

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Coefficient of variation (sample standard deviation / mean); 0 for fewer than two values. */
export function coefficientOfVariation(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return mean === 0 ? 0 : Math.sqrt(variance) / mean;
}

/** One interleaved round: the best timed call of the baseline's process and of the other side's process. */
export interface Round {
  baselineNs: number;
  otherNs: number;
}

export interface Speedup {
  speedup: number;
  cv: number;
  baselineMs: number;
  otherMs: number;
  rounds: number;
}

/**
 * speedup = median(baseline) / median(other). The spread is the CV of the per-round ratios: both sides of a
 * round ran back to back on the same core, so a slow moment of the machine cancels out within the round.
 */
export function speedupOf(rounds: Round[]): Speedup {
  const baseline = median(rounds.map((r) => r.baselineNs));
  const other = median(rounds.map((r) => r.otherNs));
  return {
    speedup: baseline / Math.max(other, 1),
    cv: coefficientOfVariation(rounds.map((r) => r.baselineNs / Math.max(r.otherNs, 1))),
    baselineMs: baseline / 1e6,
    otherMs: other / 1e6,
    rounds: rounds.length,
  };
}
