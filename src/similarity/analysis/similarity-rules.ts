/**
 * When a pair is "similar": it shares at least half of the two files' own code, and one stretch of it is
 * long. Similarity alone is not enough: two students who both only put @njit on the baseline share nearly
 * all of the little code that is theirs (Grace and Ivan in the fixture class: 0.63) — but that is a few
 * lines, 12 k-grams in a row. On the fixture class every copy has a run of 35 k-grams or more; independent
 * solutions at most 7.
 */
export const FLAG_SIMILARITY = 0.5;
export const FLAG_LONGEST_KGRAMS = 20;

export function isFlagged(pair: { similarity: number; longest: number }): boolean {
  return pair.similarity >= FLAG_SIMILARITY && pair.longest >= FLAG_LONGEST_KGRAMS;
}

/** Pairs kept for the report besides the flagged ones and each submission's three closest: enough to review. */
export const STORE_SIMILARITY = 0.3;
/** At most this many pairs are stored per run (the best first); a submission's three closest always are. */
export const MAX_STORED_PAIRS = 5000;
/** Shown on a submission's page. */
export const CLOSEST_PER_SUBMISSION = 3;
