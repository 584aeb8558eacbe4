import { randomInt } from 'node:crypto';
import { GradingInfrastructureError } from './grading.errors.js';
import { bestTimedNs, roundCalls, type GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS, type RunOutcome } from './harness-client.js';
import { speedupOf, type Round, type Speedup } from './measurement.js';
import { runFailure, type RunFailure } from './run-failure.js';
import type { Side } from './job-workspace.js';

export interface TimingResult {
  speed?: Speedup;
  failure?: RunFailure;
}

/** Fresh inputs for rounds: a new random seed for every call, so no answer can be remembered or replayed. */
export async function generateRounds(job: GradingJob, prefixes: string[]): Promise<void> {
  const calls = prefixes.flatMap((prefix) =>
    roundCalls(job.assignment, prefix).map((call) => ({ id: call.id, size: job.assignment.benchmark.size, seed: randomInt(1, 2 ** 31 - 1) })),
  );
  const outcome = await job.harness.generate(job, `gen-${prefixes[0]}`, calls);
  const failure = runFailure(outcome, TRUSTED_LIMITS, () => 'generating inputs');
  if (failure) throw new GradingInfrastructureError(`the case generator failed: ${failure.message}`);
}

/**
 * Side-by-side timing: each round runs the baseline and then `side` in fresh processes on the same fresh
 * inputs, pinned to the same cores. More rounds are measured while the spread is above the assignment's
 * bound. Every timed output is checked against the baseline's output for the same input.
 */
export async function measureAgainstBaseline(job: GradingJob, side: Side, prefix: string, label: string): Promise<TimingResult> {
  const { benchmark } = job.assignment;
  const rounds: Round[] = [];
  const checked: string[] = [];
  let speed: Speedup | undefined;
  await generateRounds(job, Array.from({ length: benchmark.rounds }, (_, r) => `${prefix}${r}`));
  while (rounds.length < benchmark.maxRounds) {
    const r = rounds.length;
    const target = Math.max(benchmark.rounds, r + 1);
    job.progress({ phase: 'measuring', message: `${label}: round ${r + 1} of ${target}`, step: r + 1, of: target });
    const roundPrefix = `${prefix}${r}`;
    if (r >= benchmark.rounds) await generateRounds(job, [roundPrefix]);
    const calls = roundCalls(job.assignment, roundPrefix);
    const timed = new Set(calls.filter((c) => c.timed).map((c) => c.id));
    const baseline = await job.harness.runModule(job, `${roundPrefix}-baseline`, 'baseline', 'run', calls, TRUSTED_LIMITS);
    const baselineFailure = runFailure(baseline, TRUSTED_LIMITS, () => 'the baseline');
    if (baselineFailure) throw new GradingInfrastructureError(`the baseline failed on the benchmark input: ${baselineFailure.message}`);
    const limits = side === 'submission' ? job.limits : TRUSTED_LIMITS;
    const other = await job.harness.runModule(job, `${roundPrefix}-${side}`, side, 'run', calls, limits);
    const failure = runFailure(other, limits, () => 'the benchmark input');
    if (failure) {
      if (side !== 'submission') throw new GradingInfrastructureError(`the reference failed on the benchmark input: ${failure.message}`);
      return { failure };
    }
    rounds.push({ baselineNs: bestTimedNs(job, baseline, timed), otherNs: bestTimedNs(job, other, timed) });
    checked.push(roundPrefix);
    speed = speedupOf(rounds);
    if (rounds.length >= benchmark.rounds && speed.cv <= benchmark.maxCv) break;
  }
  const wrong = await checkTimedOutputs(job, side, checked);
  if (wrong) return { failure: wrong };
  if (speed && speed.cv > benchmark.maxCv) {
    job.warnings.push(`The timing spread stayed at ${(speed.cv * 100).toFixed(1)} % after ${speed.rounds} rounds (the bound is ${(benchmark.maxCv * 100).toFixed(1)} %); the machine was busy.`);
  }
  return { speed };
}

/** A timed answer that differs from the baseline's answer to the same input is a wrong answer. */
async function checkTimedOutputs(job: GradingJob, side: Side, roundPrefixes: string[]): Promise<RunFailure | undefined> {
  const pairs = roundPrefixes.flatMap((prefix) =>
    roundCalls(job.assignment, prefix).map((call) => ({
      id: call.id,
      actual: `/outs/${prefix}-${side}/${call.id}.json`,
      expected: `/outs/${prefix}-baseline/${call.id}.json`,
      input: `/job/inputs/${call.id}`,
    })),
  );
  const check: RunOutcome = await job.harness.check(job, `check-timed-${side}-${roundPrefixes[0]}`, pairs);
  for (const pair of pairs) {
    const verdict = check.verdicts.get(pair.id);
    if (!verdict) throw new GradingInfrastructureError(`the checker gave no verdict for timed call ${pair.id}`);
    if (!verdict.ok) {
      if (side !== 'submission') throw new GradingInfrastructureError(`the reference disagrees with the baseline on a benchmark input: ${verdict.message}`);
      return {
        verdict: 'wrong_answer',
        message: `Wrong answer on a timed benchmark call (fresh random input): ${verdict.message}. Every call must compute its own answer.`,
      };
    }
  }
  return undefined;
}
