import { CALLS, checkingWindows } from './grade-plan.js';
import { GradingInfrastructureError } from './grading.errors.js';
import type { GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS } from './harness-client.js';
import { memoryFigure } from './memory-figure.js';
import { runFailure } from './run-failure.js';
import type { VersionCache, VersionFacts } from './version-cache.js';

/** Seed of the version's own memory inputs: fixed per version, so the baseline's figure can be cached. */
export function versionMemorySeed(contentHash: string): number {
  return parseInt(contentHash.slice(0, 7), 16);
}

/**
 * Reads the facts of this assignment version, measuring them first if this is its first grade: the baseline's
 * peak memory (the denominator of every memory ratio), in the same process layout as every other side's, and
 * its time for one benchmark-sized call (how many calls its timed values need). The version's memory inputs
 * must have been generated already (gradeInputs with withVersionMemory).
 */
export async function ensureVersionFacts(job: GradingJob, cache: VersionCache): Promise<VersionFacts> {
  const { assignment } = job;
  const cached = await cache.read(assignment);
  if (cached) return cached;
  job.progress({ phase: 'memory', message: 'measuring the baseline once for this assignment version' });
  const windows = checkingWindows(assignment, { calibration: true, memory: true, profile: false }, [CALLS.versionMemory, CALLS.versionMemoryTrace]);
  const outcome = await job.harness.runModule(job, { run: 'version-baseline', side: 'baseline', windows, limits: TRUSTED_LIMITS, measuresMemory: true });
  runFailure(outcome, TRUSTED_LIMITS, job.sites.of);
  const memory = memoryFigure(outcome, CALLS.versionMemory, CALLS.versionMemoryTrace);
  if (!memory) throw new GradingInfrastructureError("the baseline's peak memory could not be measured");
  const facts: VersionFacts = {
    version: assignment.contentHash,
    baselinePeakBytes: memory.bytes,
    baselineCallNs: outcome.windows.find((w) => w.ids.includes(CALLS.calibration))?.ns ?? null,
    measuredAt: new Date().toISOString(),
  };
  await cache.write(assignment, facts);
  return facts;
}
