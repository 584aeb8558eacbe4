/**
 * An assignment as written by an instructor in assignments/<slug>/assignment.yaml, after validation
 * (defaults filled in). The JSON schema in assignment.schema.ts mirrors this type and is published as
 * assignments/assignment.schema.json.
 */

/** Keyword arguments for the case generator, e.g. { n: 100000 }. */
export type CaseSize = Record<string, number | string | boolean>;

export interface AssignmentCase {
  name: string;
  size: CaseSize;
  seed: number;
  /** Hidden cases: students see only the verdict, never the input or the expected output. */
  hidden: boolean;
}

export interface BenchmarkSpec {
  /** Generator size for every timed call (each timed call gets a fresh seed). */
  size: CaseSize;
  /** Generator size for the memory pass; defaults to `size`. */
  memorySize: CaseSize;
  /** Interleaved process pairs (baseline, submission) measured per grade. */
  rounds: number;
  /** Calls per process that are not timed (JIT compile, caches). */
  warmup: number;
  /** Timed calls per process; the minimum counts. */
  repeats: number;
  /** Coefficient of variation above which more rounds are measured. */
  maxCv: number;
  /** Upper bound on rounds when re-measuring. */
  maxRounds: number;
}

export type CheckerSpec =
  | { kind: 'exact' }
  | { kind: 'allclose'; rtol: number; atol: number }
  | { kind: 'custom'; file: string };

export interface AssignmentLimits {
  wallTimeS: number;
  cpuTimeS: number;
  memoryMb: number;
  processes: number;
  outputKb: number;
  fileSizeMb: number;
  /** Everything a run may write (/tmp, /dev/shm). */
  diskMb: number;
  /** CPU cores granted to one submission run (and to the baseline beside it). */
  cores: number;
}

export interface SpeedCurve {
  /** 'log': points grow with log(speedup) up to the target; 'linear': with speedup. */
  curve: 'log' | 'linear';
  /** Speedup that earns full speed points. */
  target: number;
}

export interface MemoryCurve {
  /** Peak memory / baseline peak at or below which memory earns full points. */
  targetRatio: number;
  /** Ratio at or above which memory earns no points (log-interpolated in between); default 4 × targetRatio. */
  zeroRatio: number;
  /** Peaks below this many bytes count as this many, so tiny peaks do not make wild ratios; default 65536. */
  floorBytes: number;
}

export interface ScoringSpec {
  weights: { correctness: number; speed: number; memory: number };
  speed: SpeedCurve;
  memory: MemoryCurve;
  /** Optional JavaScript expression computing the score; see src/scoring/formula.ts for its variables. */
  formula?: string;
}

export interface SubmissionPolicy {
  /** ISO 8601 date-time; absent = no deadline. */
  deadline?: string;
  latePenalty: { perDay: number; max: number };
  maxAttempts?: number;
  cooldownS: number;
  counts: 'best' | 'last';
  leaderboard: boolean;
}

/** A simulated remote service (course_io for fetch-pages), served by the grader over a Unix socket. */
export interface IoServiceSpec {
  latencyMs: number;
}

export interface AssignmentFiles {
  baseline: string;
  reference: string;
  generator: string;
  /** Modules students may import (copied beside the submission), e.g. course_io.py. */
  support: string[];
  /** Shown to students (Markdown). */
  readme: string;
}

export interface Assignment {
  slug: string;
  /** Absolute path of assignments/<slug>. */
  dir: string;
  /** sha256 over the YAML and every file it names: a new hash is a new version. */
  contentHash: string;
  title: string;
  topic: string;
  function: string;
  files: AssignmentFiles;
  cases: AssignmentCase[];
  benchmark: BenchmarkSpec;
  checker: CheckerSpec;
  limits: AssignmentLimits;
  timing: 'wall' | 'cpu';
  scoring: ScoringSpec;
  policy: SubmissionPolicy;
  ioService?: IoServiceSpec;
}
