import type { Assignment } from '../assignments/assignment.types.js';
import type { ScoringService } from '../scoring/scoring.service.js';
import type { MemoryFigure } from './memory-figure.js';
import type { Speedup } from './measurement.js';
import { describeFailure, reportError, type RunFailure } from './run-failure.js';
import type { ProfileData } from './run-outcome.js';
import type { CaseResult, Report } from './report.types.js';
import type { VersionFacts } from './version-cache.js';
import { visibleDeep } from './visible-text.js';

/** What the phases found, gathered as they go; the report is built from it once, at the end. */
export interface Findings {
  warnings: string[];
  facts?: VersionFacts;
  cases?: CaseResult[];
  failure?: RunFailure;
  speed?: Speedup;
  reference?: { ms: number; speedup: number };
  callsPerValue?: { submission: number; baseline: number };
  memory?: MemoryFigure;
  referenceMemory?: MemoryFigure | null;
  profile?: ProfileData;
  /** Set when grading failed through our fault: what went wrong, in a few words (the report's `problem`). */
  infrastructure?: string;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function buildReport(assignment: Assignment, findings: Findings, scoring: ScoringService, started: number): Promise<Report> {
  const cases = findings.cases ?? [];
  const passed = cases.filter((c) => c.verdict === 'accepted').length;
  const { facts, speed, failure, reference } = findings;
  const report: Report = {
    assignment: assignment.slug,
    assignmentVersion: assignment.contentHash.slice(0, 12),
    status: 'graded',
    verdict: failure?.verdict ?? 'accepted',
    score: 0,
    maxScore: 0,
    message: '',
    correctness: { passed, total: assignment.cases.length, cases },
    performance: {
      speedup: speed ? round(speed.speedup, 2) : null,
      cv: speed ? round(speed.cv, 4) : null,
      referenceSpeedup: reference ? round(reference.speedup, 2) : null,
      targetSpeedup: assignment.scoring.speed.target,
      timing: assignment.timing,
      rounds: speed?.rounds ?? 0,
      baselineMs: speed ? round(speed.baselineMs, 3) : null,
      submissionMs: speed ? round(speed.otherMs, 3) : null,
      referenceMs: reference ? round(reference.ms, 3) : null,
      callsPerValue: findings.callsPerValue ?? null,
    },
    memory: {
      mode: 'window',
      peakBytes: findings.memory?.bytes ?? null,
      windowBytes: findings.memory?.windowBytes ?? null,
      pythonBytes: findings.memory?.pythonBytes ?? null,
      baselinePeakBytes: facts?.baselinePeakBytes ?? null,
      referencePeakBytes: findings.referenceMemory?.bytes ?? null,
    },
    points: { correctness: 0, speed: 0, memory: 0 },
    profile: findings.profile?.lines ?? [],
    warnings: findings.warnings,
    gradedAt: new Date().toISOString(),
    durationMs: 0,
  };
  const error = failure && reportError(failure);
  if (error) report.error = error;

  if (findings.infrastructure) {
    Object.assign(report, {
      status: 'error',
      verdict: 'error',
      score: null,
      problem: findings.infrastructure,
      message: `The grader could not grade this submission (${findings.infrastructure}). This is our fault, not yours: it will be retried or an instructor will look at it.`,
    });
  } else if (failure?.verdict === 'rejected') {
    Object.assign(report, { status: 'rejected', message: describeFailure(failure) });
  } else {
    try {
      const scored = await scoring.score(assignment, {
        verdict: report.verdict,
        passed,
        total: report.correctness.total,
        speedup: speed?.speedup ?? null,
        referenceSpeedup: reference?.speedup ?? null,
        peakBytes: report.memory.peakBytes,
        baselinePeakBytes: report.memory.baselinePeakBytes,
        referencePeakBytes: report.memory.referencePeakBytes,
      });
      Object.assign(report, { score: scored.score, maxScore: scored.maxScore, points: scored.points });
      report.message = summary(report, failure);
    } catch (error) {
      Object.assign(report, {
        status: 'error',
        verdict: 'error',
        score: null,
        problem: `the score could not be computed (${(error as Error).message})`,
        message: `The grader could not compute the score (${(error as Error).message}). This is our fault, not yours: an instructor has to fix the assignment's scoring.`,
      });
    }
  }
  report.durationMs = Date.now() - started;
  // Everything a student's code could have put into the report's text is made visible, once, here.
  return visibleDeep(report);
}

function summary(report: Report, failure?: RunFailure): string {
  const score = `Score ${report.score} / ${report.maxScore}.`;
  if (failure) return `${describeFailure(failure).replace(/([^.!?])$/, '$1.')} ${score}`;
  const { speedup, referenceSpeedup } = report.performance;
  const memory = report.memory.peakBytes !== null ? `, peak memory ${formatBytes(report.memory.peakBytes)}` : '';
  const reference = referenceSpeedup ? ` (reference: ${referenceSpeedup}×)` : '';
  return `All ${report.correctness.total} cases correct; ${speedup}× faster than the baseline${reference}${memory}. ${score}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
