import type { CallSites } from './grade-plan.js';
import type { CallLimits, Harness, JobContext } from './harness-client.js';
import type { GradingProgress } from './report.types.js';

/** Everything one grade needs, handed from phase to phase. */
export interface GradingJob extends JobContext {
  harness: Harness;
  /** The submission's limits, per call. */
  limits: CallLimits;
  sites: CallSites;
  progress: (update: GradingProgress) => void;
  warnings: string[];
  /** A fresh random seed for an input nobody has seen. */
  seed: () => number;
}
