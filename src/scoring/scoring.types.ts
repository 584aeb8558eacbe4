/** What grading measured, as scoring needs it. */
export interface ScoringMeasurements {
  /** The grade's verdict (grading's Verdict; scoring sits below grading, so it takes it as text): "accepted" earns points, formulas see it as is. */
  verdict: string;
  passed: number;
  total: number;
  /** Baseline time / submission time; null when not measured (e.g. a wrong answer). */
  speedup: number | null;
  /** Baseline time / reference time, for formulas that score relative to the instructor's solution. */
  referenceSpeedup: number | null;
  peakBytes: number | null;
  baselinePeakBytes: number | null;
  /** Only passed on to formulas. */
  referencePeakBytes?: number | null;
}

export interface Points {
  correctness: number;
  speed: number;
  memory: number;
}

export interface ScoreResult {
  score: number;
  /** Sum of the weights. */
  maxScore: number;
  /** The default points (also when a formula sets the score), rounded to 2 decimals. */
  points: Points;
}

/** The `m` a scoring formula sees: the measurements plus what the default rules made of them. */
export interface FormulaInput extends ScoringMeasurements {
  accepted: boolean;
  /** max(peak, floor) / max(baseline peak, floor); null when not measured. */
  memoryRatio: number | null;
  weights: Points;
  points: Points;
  /** The default score (sum of points). */
  score: number;
  maxScore: number;
}
