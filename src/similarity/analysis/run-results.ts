/** Where a running analysis is, for its progress bar. */
export interface RunProgress {
  phase: 'collecting' | 'fingerprinting' | 'comparing' | 'saving';
  done: number;
  total: number;
}

/** One bar of the histogram of pairwise similarity: pairs with from ≤ similarity < to (the last includes 1). */
export interface SimilarityBin {
  from: number;
  to: number;
  count: number;
}

/** What a finished run found and what it cost, kept with the run. */
export interface RunSummary {
  /** Submissions compared. */
  submissions: number;
  /** Of those, fingerprinted by this run; the rest came from the cache. */
  fingerprinted: number;
  reused: number;
  /** Every pair of submissions by different students, and how many of them share any own code. */
  comparedPairs: number;
  sharingPairs: number;
  storedPairs: number;
  flaggedPairs: number;
  histogram: SimilarityBin[];
  /** Fingerprints of the code every student was given (the baselines of the versions compared). */
  ignoredFingerprints: number[];
  fingerprintSettings: string;
  durationMs: number;
}
