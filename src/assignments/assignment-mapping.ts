import type { Assignment } from './assignment.types.js';
import type { AssignmentYaml } from './assignment-yaml.types.js';

/** Defaults that depend on other fields, so the schema cannot state them. */
export const DEFAULT_MAX_ROUNDS = 9;
export const ZERO_RATIO_PER_TARGET_RATIO = 4;

export function maxRoundsOf(benchmark: AssignmentYaml['benchmark']): number {
  return benchmark.max_rounds ?? Math.max(DEFAULT_MAX_ROUNDS, benchmark.rounds);
}

export function zeroRatioOf(memory: AssignmentYaml['scoring']['memory']): number {
  return memory.zero_ratio ?? ZERO_RATIO_PER_TARGET_RATIO * memory.target_ratio;
}

/** Turns validated snake_case YAML into the camelCase Assignment the rest of the grader uses. */
export function toAssignment(yaml: AssignmentYaml, identity: { slug: string; dir: string; contentHash: string }): Assignment {
  const { benchmark, limits, scoring, policy } = yaml;
  return {
    ...identity,
    title: yaml.title,
    topic: yaml.topic,
    function: yaml.function,
    files: { ...yaml.files, support: [...yaml.files.support] },
    cases: yaml.cases.map(({ name, size, seed, hidden }) => ({ name, size, seed, hidden })),
    benchmark: {
      size: benchmark.size,
      memorySize: benchmark.memory_size ?? benchmark.size,
      rounds: benchmark.rounds,
      warmup: benchmark.warmup,
      repeats: benchmark.repeats,
      maxCv: benchmark.max_cv,
      maxRounds: maxRoundsOf(benchmark),
    },
    checker: checkerOf(yaml.checker),
    limits: {
      wallTimeS: limits.wall_time_s,
      cpuTimeS: limits.cpu_time_s,
      memoryMb: limits.memory_mb,
      processes: limits.processes,
      outputKb: limits.output_kb,
      fileSizeMb: limits.file_size_mb,
      diskMb: limits.disk_mb,
      cores: limits.cores,
    },
    timing: yaml.timing,
    scoring: {
      weights: { ...scoring.weights },
      speed: { ...scoring.speed },
      memory: {
        targetRatio: scoring.memory.target_ratio,
        zeroRatio: zeroRatioOf(scoring.memory),
        floorBytes: scoring.memory.floor_bytes,
      },
      ...(scoring.formula === undefined ? {} : { formula: scoring.formula }),
    },
    policy: {
      ...(policy.deadline === undefined ? {} : { deadline: policy.deadline }),
      latePenalty: { perDay: policy.late_penalty.per_day, max: policy.late_penalty.max },
      ...(policy.max_attempts === undefined ? {} : { maxAttempts: policy.max_attempts }),
      cooldownS: policy.cooldown_s,
      counts: policy.counts,
      leaderboard: policy.leaderboard,
    },
    ...(yaml.io_service === undefined ? {} : { ioService: { latencyMs: yaml.io_service.latency_ms } }),
  };
}

function checkerOf(checker: AssignmentYaml['checker']): Assignment['checker'] {
  switch (checker.kind) {
    case 'exact':
      return { kind: 'exact' };
    case 'allclose':
      return { kind: 'allclose', rtol: checker.rtol, atol: checker.atol };
    case 'custom':
      return { kind: 'custom', file: checker.file };
  }
}
