import { Injectable } from '@nestjs/common';
import type { Assignment, ScoringSpec } from '../assignments/assignment.types.js';
import { evaluateFormula } from './formula.js';
import { memoryFraction, memoryRatio, roundScore, speedFraction } from './score-curves.js';
import { ScoringFailed } from './scoring.errors.js';
import type { Points, ScoreResult, ScoringMeasurements } from './scoring.types.js';

/** Turns one grade's measurements into points and a score, by the assignment's scoring rules. */
@Injectable()
export class ScoringService {
  /** Throws ScoringFailed when the score cannot be computed (the grader reports status `error`, not 0). */
  async score(assignment: Pick<Assignment, 'scoring'>, measured: ScoringMeasurements): Promise<ScoreResult> {
    const { scoring } = assignment;
    checkCounts(measured);
    const { weights } = scoring;
    const maxScore = roundScore(weights.correctness + weights.speed + weights.memory);
    // Speed and memory only count for correct code: a fast wrong answer earns nothing for being fast.
    const accepted = measured.verdict === 'accepted';
    const ratio = accepted ? measuredMemoryRatio(measured, scoring, weights.memory > 0) : null;
    const points: Points = {
      correctness: roundScore((weights.correctness * measured.passed) / measured.total),
      speed: accepted && weights.speed > 0 ? roundScore(weights.speed * speedFraction(measuredSpeedup(measured), scoring.speed)) : 0,
      memory: ratio === null ? 0 : roundScore(weights.memory * memoryFraction(ratio, scoring.memory)),
    };
    const defaultScore = roundScore(points.correctness + points.speed + points.memory);
    const score =
      scoring.formula === undefined
        ? defaultScore
        : await evaluateFormula(scoring.formula, {
            ...measurementsOnly(measured),
            accepted,
            memoryRatio: ratio,
            weights: { ...weights },
            points,
            score: defaultScore,
            maxScore,
          });
    return { score: Math.min(maxScore, Math.max(0, roundScore(score))), maxScore, points };
  }
}

/** Exactly the documented measurements, whatever else the caller's object carries. */
function measurementsOnly(measured: ScoringMeasurements): ScoringMeasurements {
  const { verdict, passed, total, speedup, referenceSpeedup, peakBytes, baselinePeakBytes, referencePeakBytes } = measured;
  return { verdict, passed, total, speedup, referenceSpeedup, peakBytes, baselinePeakBytes, referencePeakBytes: referencePeakBytes ?? null };
}

function checkCounts({ passed, total }: ScoringMeasurements): void {
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(passed) || passed < 0 || passed > total) {
    throw new ScoringFailed(`case counts make no sense: ${passed} passed of ${total}`);
  }
}

/** A missing measurement for an accepted submission is a grader failure, never zero points for the student. */
function measuredSpeedup({ speedup }: ScoringMeasurements): number {
  if (speedup === null || !Number.isFinite(speedup) || speedup < 0) {
    throw new ScoringFailed(`the submission was accepted but its speedup was not measured (got ${speedup})`);
  }
  return speedup;
}

/** The ratio when both peaks were measured; a missing peak is only a failure when memory earns points. */
function measuredMemoryRatio(measured: ScoringMeasurements, scoring: ScoringSpec, required: boolean): number | null {
  const { peakBytes, baselinePeakBytes } = measured;
  const valid = (bytes: number | null): bytes is number => bytes !== null && Number.isFinite(bytes) && bytes >= 0;
  if (valid(peakBytes) && valid(baselinePeakBytes)) return memoryRatio(peakBytes, baselinePeakBytes, scoring.memory);
  if (!required) return null;
  throw new ScoringFailed(`the submission was accepted but its peak memory was not measured (peak ${peakBytes}, baseline ${baselinePeakBytes})`);
}
