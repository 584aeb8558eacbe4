/** The grading report: the stable contract of `grade --json`, the API and the webhooks. */

export type Verdict =
  | 'accepted'
  | 'wrong_answer'
  | 'runtime_error'
  | 'time_limit_exceeded'
  | 'memory_limit_exceeded'
  | 'output_limit_exceeded'
  | 'rejected'
  | 'error';

export type ReportStatus = 'graded' | 'rejected' | 'error';

export interface CaseResult {
  name: string;
  hidden: boolean;
  verdict: Verdict;
  message: string;
  /** Wall time of the call inside the sandbox (ms); informative only. */
  timeMs?: number;
}

export interface ProfileLine {
  line: number;
  hits: number;
  timeMs: number;
  timePercent: number;
  source: string;
  function: string;
}

export interface Report {
  assignment: string;
  assignmentVersion: string;
  status: ReportStatus;
  verdict: Verdict;
  /** null when status is "error": an infrastructure failure is never a score. */
  score: number | null;
  maxScore: number;
  message: string;
  correctness: { passed: number; total: number; cases: CaseResult[] };
  performance: {
    speedup: number | null;
    cv: number | null;
    /** The reference in this same grade, on the same inputs, against the same baseline rounds. */
    referenceSpeedup: number | null;
    targetSpeedup: number;
    timing: 'wall' | 'cpu';
    rounds: number;
    /** Time per call: the best timed value of each process divided by its calls, median across rounds. */
    baselineMs: number | null;
    submissionMs: number | null;
    referenceMs: number | null;
    /** Calls per timed value (each on a fresh input): short calls are batched up to ~100 ms. */
    callsPerValue: { submission: number; baseline: number } | null;
  };
  memory: {
    /** window: the box's peak during the measured call minus its usage when the call began (see PROTOCOL.md). */
    mode: 'window';
    /** The graded figure: the window peak, raised to tracemalloc's peak when that is higher. */
    peakBytes: number | null;
    /** The box's cgroup peak in the call's window (every process and allocator). */
    windowBytes: number | null;
    /** tracemalloc's peak of the traced call (Python-level; shown, and can only raise the figure). */
    pythonBytes: number | null;
    baselinePeakBytes: number | null;
    referencePeakBytes: number | null;
  };
  points: { correctness: number; speed: number; memory: number };
  profile: ProfileLine[];
  /** Set for runtime errors and rejections: the student's own frames only. */
  error?: { type: string; message: string; line?: number; traceback?: string };
  /** Things the grader noticed that did not change the verdict. */
  warnings: string[];
  /** status "error" only: what failed on our side, in a few words (the message says it in full). */
  problem?: string;
  gradedAt: string;
  durationMs: number;
}

/** Progress while grading, for the CLI, the events stream and the web page. */
export interface GradingProgress {
  phase: 'preparing' | 'checking' | 'measuring' | 'memory' | 'profiling' | 'scoring' | 'done';
  message: string;
  /** e.g. case 3 of 12, round 2 of 5 */
  step?: number;
  of?: number;
}
