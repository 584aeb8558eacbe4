import type { Assignment } from '../assignments/assignment.types.js';
import type { SandboxLimits } from '../sandbox/sandbox.types.js';
import type { HarnessCall, HarnessClient, JobContext, RunOutcome } from './harness-client.js';
import { studentLimits } from './harness-client.js';
import type { GradingProgress } from './report.types.js';

/** Everything one grade needs, handed from phase to phase. */
export interface GradingJob extends JobContext {
  harness: HarnessClient;
  limits: SandboxLimits;
  progress: (update: GradingProgress) => void;
  warnings: string[];
  /** The memory-pass inputs are in <job>/inputs already (generated while measuring the version). */
  memoryInputsReady?: boolean;
}

export function caseCalls(assignment: Assignment): HarnessCall[] {
  return assignment.cases.map((_, i) => ({ id: `case-${i}`, timed: false }));
}

export function caseName(assignment: Assignment, id: string | undefined): string {
  const index = id?.startsWith('case-') ? Number(id.slice(5)) : NaN;
  return assignment.cases[index]?.name ?? '';
}

/** Inputs of one timed process: warm-up calls first, then the timed ones. */
export function roundCalls(assignment: Assignment, prefix: string): HarnessCall[] {
  const { warmup, repeats } = assignment.benchmark;
  return Array.from({ length: warmup + repeats }, (_, j) => ({ id: `${prefix}-${j}`, timed: j >= warmup }));
}

export function memoryCalls(assignment: Assignment): HarnessCall[] {
  return Array.from({ length: assignment.benchmark.warmup + 1 }, (_, j) => ({ id: `mem-${j}`, timed: false }));
}

/** A student run may take longer under tracemalloc or line_profiler, which slow code down several times. */
export function instrumentedLimits(job: GradingJob): SandboxLimits {
  const base = studentLimits(job.assignment.limits);
  return { ...base, wallTimeMs: base.wallTimeMs * 3, cpuTimeS: base.cpuTimeS * 3 };
}

/**
 * The time of one process's best timed call. The harness's clock was captured before the student's code
 * was imported; the supervisor's clock cross-checks it. If the harness reports much less than the
 * supervisor saw, something inside the box tampered with the measurement: the supervisor's time counts.
 */
export function bestTimedNs(job: GradingJob, outcome: RunOutcome, timedIds: Set<string>): number {
  const times: number[] = [];
  for (const t of outcome.timings) {
    if (!timedIds.has(t.id)) continue;
    if (job.assignment.timing === 'cpu') {
      times.push(t.cpuNs);
      continue;
    }
    const trusted = t.ns >= t.hostNs * 0.8 - 5e6 ? t.ns : t.hostNs;
    if (trusted !== t.ns) {
      const note = "The time measured inside your process disagreed with the grader's own clock; the grader's clock was used.";
      if (!job.warnings.includes(note)) job.warnings.push(note);
    }
    times.push(trusted);
  }
  if (times.length === 0) throw new Error(`${outcome.run}: no timed call finished`);
  return Math.min(...times);
}
