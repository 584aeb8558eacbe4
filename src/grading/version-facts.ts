import type { GradingJob } from './grading-job.js';
import { generateMemoryInputs, measureMemory } from './memory-phase.js';
import { GradingInfrastructureError } from './grading.errors.js';
import { measureAgainstBaseline } from './timing-phase.js';
import type { VersionCache, VersionFacts } from './version-cache.js';

/**
 * Reads the facts of this assignment version, measuring them first if this is its first grade: the
 * reference is timed against the baseline exactly as a submission is, and both peaks are measured.
 */
export async function ensureVersionFacts(job: GradingJob, cache: VersionCache): Promise<VersionFacts> {
  const { assignment } = job;
  const cached = await cache.read(assignment);
  if (cached) return cached;
  const memorySeed = parseInt(assignment.contentHash.slice(0, 7), 16);
  const timing = await measureAgainstBaseline(job, 'reference', 'v', 'measuring the reference (once per assignment version)');
  if (!timing.speed) throw new GradingInfrastructureError('the reference could not be measured');
  job.progress({ phase: 'memory', message: 'measuring the baseline and reference memory (once per assignment version)' });
  await generateMemoryInputs(job, memorySeed);
  job.memoryInputsReady = true;
  const baselineMemory = await measureMemory(job, 'baseline', 'baseline-memory');
  const referenceMemory = await measureMemory(job, 'reference', 'reference-memory');
  const facts: VersionFacts = {
    version: assignment.contentHash,
    referenceSpeedup: timing.speed.speedup,
    referenceCv: timing.speed.cv,
    referenceMs: timing.speed.otherMs,
    baselineMs: timing.speed.baselineMs,
    rounds: timing.speed.rounds,
    baselinePeakBytes: baselineMemory.peakBytes ?? 0,
    referencePeakBytes: referenceMemory.peakBytes ?? 0,
    memorySeed,
    measuredAt: new Date().toISOString(),
  };
  await cache.write(assignment, facts, referenceMemory.outcome!.outDir);
  return facts;
}
