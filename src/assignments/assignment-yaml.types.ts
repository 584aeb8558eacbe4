import type { CaseSize } from './assignment.types.js';

/**
 * assignment.yaml as written (snake_case) once it has passed the schema, which has filled in its defaults.
 * Optional fields are the ones without a schema default; assignment-mapping.ts turns this into an Assignment.
 */
export interface AssignmentYaml {
  title: string;
  topic: string;
  function: string;
  files: { baseline: string; reference: string; generator: string; support: string[]; readme: string };
  cases: { name: string; size: CaseSize; seed: number; hidden: boolean }[];
  benchmark: {
    size: CaseSize;
    memory_size?: CaseSize;
    rounds: number;
    warmup: number;
    repeats: number;
    max_cv: number;
    max_rounds?: number;
  };
  checker: { kind: 'exact' } | { kind: 'allclose'; rtol: number; atol: number } | { kind: 'custom'; file: string };
  limits: {
    wall_time_s: number;
    cpu_time_s: number;
    memory_mb: number;
    processes: number;
    output_kb: number;
    file_size_mb: number;
    disk_mb: number;
    cores: number;
  };
  timing: 'wall' | 'cpu';
  /** Deprecated, ignored. */
  memory?: 'python' | 'process_tree';
  scoring: {
    weights: { correctness: number; speed: number; memory: number };
    speed: { curve: 'log' | 'linear'; target: number };
    memory: { target_ratio: number; zero_ratio?: number; floor_bytes: number };
    formula?: string;
  };
  policy: {
    deadline?: string;
    late_penalty: { per_day: number; max: number };
    max_attempts?: number;
    cooldown_s: number;
    counts: 'best' | 'last';
    leaderboard: boolean;
  };
  io_service?: { latency_ms: number };
}
