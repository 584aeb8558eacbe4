import { GradingInfrastructureError } from './grading.errors.js';
import { instrumentedLimits, memoryCalls, type GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS, type RunOutcome } from './harness-client.js';
import { runFailure, type RunFailure } from './run-failure.js';
import type { Side } from './job-workspace.js';

export interface MemoryResult {
  peakBytes?: number;
  failure?: RunFailure;
}

/** The memory input is fixed per assignment version, so its expected answer can be cached with the version. */
export async function generateMemoryInputs(job: GradingJob, seed: number): Promise<void> {
  const { assignment } = job;
  const calls = memoryCalls(assignment).map((call, j) => ({ id: call.id, size: assignment.benchmark.memorySize, seed: seed + j }));
  const outcome = await job.harness.generate(job, 'gen-memory', calls);
  const failure = runFailure(outcome, TRUSTED_LIMITS, () => 'generating the memory input');
  if (failure) throw new GradingInfrastructureError(`the case generator failed: ${failure.message}`);
}

/**
 * Peak memory in its own untimed pass (tracemalloc slows code down, so it never shares a run with timing).
 * 'python' mode: the Python-level peak of the measured call minus what existed before it. 'process_tree':
 * the cgroup's peak for the whole run, children included.
 */
export async function measureMemory(job: GradingJob, side: Side, run: string): Promise<MemoryResult & { outcome?: RunOutcome }> {
  const limits = side === 'submission' ? instrumentedLimits(job) : TRUSTED_LIMITS;
  const outcome = await job.harness.runModule(job, run, side, 'memory', memoryCalls(job.assignment), limits);
  const failure = runFailure(outcome, limits, () => 'the memory measurement');
  if (failure) {
    if (side !== 'submission') throw new GradingInfrastructureError(`the ${side} failed in the memory pass: ${failure.message}`);
    return { failure };
  }
  if (job.assignment.memory === 'process_tree' || !outcome.memory?.tracing) {
    if (job.assignment.memory === 'python') {
      job.warnings.push('Python-level memory tracing was switched off by your code; the peak of the whole process was used instead.');
    }
    return { peakBytes: outcome.result.memoryPeakBytes ?? undefined, outcome };
  }
  return { peakBytes: outcome.memory.peakBytes, outcome };
}

/** The submission's answer in the memory pass must be right too, or memory could be saved by not computing. */
export async function checkMemoryOutput(job: GradingJob, run: string): Promise<RunFailure | undefined> {
  const calls = memoryCalls(job.assignment);
  const measured = calls[calls.length - 1].id;
  const check = await job.harness.check(job, `check-${run}`, [
    { id: measured, actual: `/outs/${run}/${measured}.json`, expected: `/cache/memory/${measured}.json`, input: `/job/inputs/${measured}` },
  ]);
  const verdict = check.verdicts.get(measured);
  if (!verdict) throw new GradingInfrastructureError('the checker gave no verdict for the memory pass');
  return verdict.ok ? undefined : { verdict: 'wrong_answer', message: `Wrong answer in the memory measurement: ${verdict.message}.` };
}
