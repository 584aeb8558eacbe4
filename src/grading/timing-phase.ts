import { checkAnswers, generateInputs } from './checking-phase.js';
import { roundInputs, roundWindows, type RoundInputs } from './grade-plan.js';
import { GradingInfrastructureError } from './grading.errors.js';
import type { GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS } from './harness-client.js';
import { median, speedupOf, type Round, type Speedup } from './measurement.js';
import { runFailure, type RunFailure } from './run-failure.js';
import type { RunOutcome } from './run-outcome.js';

/** pyperf calibrates each timed value to at least 100 ms: a short call is repeated on fresh inputs until then. */
export const TARGET_VALUE_NS = 100e6;
export const MAX_CALLS_PER_VALUE = 64;
/** Rounds added at a time when the spread is still above the assignment's bound. */
const EXTRA_ROUNDS = 2;

export interface TimingResult {
  speed?: Speedup;
  /** The reference in this same job, on the same inputs: its time per call and its speedup over these rounds' baseline. */
  reference?: { ms: number; speedup: number };
  failure?: RunFailure;
  /** Calls per timed value of each side (fresh inputs each). */
  callsPerValue: { submission: number; baseline: number };
}

/** How many calls make one timed value of at least TARGET_VALUE_NS, from the time of one call. */
export function callsPerValue(callNs: number | null | undefined): number {
  if (!callNs || !Number.isFinite(callNs) || callNs <= 0) return 1;
  return Math.min(MAX_CALLS_PER_VALUE, Math.max(1, Math.ceil(TARGET_VALUE_NS / callNs)));
}

/**
 * Side-by-side timing. Each round runs the baseline and then the submission in fresh processes on the same
 * fresh inputs, pinned to the same cores; a timed value is a window of k calls on k fresh inputs (so the
 * channel's fixed cost is small next to it), timed by the broker from the moment its inputs appear to the
 * moment its last answer has arrived. The minimum per call within a process, the median across rounds. More
 * rounds are measured while the spread is above the assignment's bound. Every timed answer is checked
 * against the reference's answer to the same input, computed in a trusted box of its own.
 */
export async function measureSpeed(job: GradingJob, calibrationNs: number | undefined, baselineCallNs: number | null): Promise<TimingResult> {
  const { benchmark } = job.assignment;
  const k = { submission: callsPerValue(calibrationNs), baseline: callsPerValue(baselineCallNs) };
  const inputsPerValue = Math.max(k.submission, k.baseline);
  const rounds: Round[] = [];
  const referenceNs: number[] = [];
  let speed: Speedup | undefined;
  let planned = benchmark.rounds;
  while (rounds.length < benchmark.maxRounds) {
    const batch = Array.from({ length: Math.min(planned, benchmark.maxRounds) - rounds.length }, (_, i) => roundInputs(job.assignment, rounds.length + i, inputsPerValue));
    if (batch.length === 0) break;
    const first = batch[0].round;
    await generateInputs(
      job,
      `gen-rounds-${first}`,
      batch.flatMap((inputs) => [...inputs.warmups, ...inputs.values.flat()]).map((id) => ({ id, size: benchmark.size, seed: job.seed() })),
    );
    const expected = await job.harness.runModule(job, {
      run: `expected-rounds-${first}`,
      side: 'reference',
      windows: batch.flatMap((inputs) => roundWindows(inputs, inputsPerValue, true)),
      limits: TRUSTED_LIMITS,
    });
    runFailure(expected, TRUSTED_LIMITS, () => ({ kind: 'benchmark' }));
    for (const inputs of batch) referenceNs.push(perCallNs(job, expected, inputs));

    const answered: [string, string][] = [];
    const baselineAnswered: [string, string][] = [];
    for (const inputs of batch) {
      const r = inputs.round;
      job.progress({ phase: 'measuring', message: `measuring speed against the baseline: round ${r + 1} of ${planned}`, step: r + 1, of: planned });
      const baselineRun = `rounds-${r}-baseline`;
      const baseline = await job.harness.runModule(job, { run: baselineRun, side: 'baseline', windows: roundWindows(inputs, k.baseline, false), limits: TRUSTED_LIMITS });
      runFailure(baseline, TRUSTED_LIMITS, () => ({ kind: 'benchmark' }));
      const run = `rounds-${r}-submission`;
      const submission = await job.harness.runModule(job, { run, side: 'submission', windows: roundWindows(inputs, k.submission, true), limits: job.limits });
      const failure = runFailure(submission, job.limits, () => ({ kind: 'benchmark' }));
      if (failure) return { failure, callsPerValue: k };
      rounds.push({ baselineNs: perCallNs(job, baseline, inputs), otherNs: perCallNs(job, submission, inputs) });
      for (const id of submission.answered) answered.push([id, run]);
      for (const id of baseline.answered) baselineAnswered.push([id, baselineRun]);
    }
    const wrong = await firstWrong(job, `check-rounds-${first}`, answered, expected.run);
    if (wrong) return { failure: wrong, callsPerValue: k };
    // The baseline and the reference must agree, or the assignment itself is broken.
    const disagreement = await firstWrong(job, `check-rounds-${first}-baseline`, baselineAnswered, expected.run);
    if (disagreement) throw new GradingInfrastructureError('the reference disagrees with the baseline on a benchmark input');

    speed = speedupOf(rounds);
    if (rounds.length >= benchmark.rounds && speed.cv <= benchmark.maxCv) break;
    planned = Math.min(benchmark.maxRounds, rounds.length + EXTRA_ROUNDS);
  }
  if (!speed) throw new GradingInfrastructureError('no timing round was measured');
  if (speed.cv > benchmark.maxCv) {
    job.warnings.push(`The timing spread stayed at ${(speed.cv * 100).toFixed(1)} % after ${speed.rounds} rounds (the bound is ${(benchmark.maxCv * 100).toFixed(1)} %); the machine was busy.`);
  }
  const referenceMs = median(referenceNs) / 1e6;
  return { speed, reference: { ms: referenceMs, speedup: speed.baselineMs / Math.max(referenceMs, 1e-6) }, callsPerValue: k };
}

/** The best time per call among a process's timed values (warm-up windows left out). */
function perCallNs(job: GradingJob, outcome: RunOutcome, inputs: RoundInputs): number {
  const timed = new Set(inputs.values.flat());
  const perCall = outcome.windows
    .filter((w) => w.ids.every((id) => timed.has(id)))
    .map((w) => (job.assignment.timing === 'cpu' ? (w.cpuNs ?? w.ns) : w.ns) / w.ids.length);
  if (perCall.length === 0) throw new GradingInfrastructureError(`${outcome.run}: no timed value was measured`);
  return Math.min(...perCall);
}

async function firstWrong(job: GradingJob, run: string, answered: [string, string][], expectedRun: string): Promise<RunFailure | undefined> {
  const verdicts = await checkAnswers(job, run, answered, expectedRun);
  for (const [id] of answered) {
    const verdict = verdicts.get(id)!;
    if (!verdict.ok) return { verdict: 'wrong_answer', site: { kind: 'benchmark' }, cause: { kind: 'wrong_answer', difference: verdict.difference }, callId: id };
  }
  return undefined;
}
