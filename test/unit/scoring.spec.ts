import type { ScoringSpec } from '../../src/assignments/assignment.types.js';
import { memoryFraction, memoryRatio, roundScore, speedFraction } from '../../src/scoring/score-curves.js';
import { ScoringFailed } from '../../src/scoring/scoring.errors.js';
import { ScoringService } from '../../src/scoring/scoring.service.js';
import type { ScoringMeasurements } from '../../src/scoring/scoring.types.js';

const memoryCurve = { targetRatio: 1, zeroRatio: 4, floorBytes: 65536 };

function scoringSpec(overrides: Partial<ScoringSpec> = {}): { scoring: ScoringSpec } {
  return {
    scoring: {
      weights: { correctness: 40, speed: 50, memory: 10 },
      speed: { curve: 'log', target: 10 },
      memory: memoryCurve,
      ...overrides,
    },
  };
}

const MB = 2 ** 20;
const accepted: ScoringMeasurements = {
  verdict: 'accepted', passed: 5, total: 5, speedup: 10, referenceSpeedup: 20, peakBytes: 4 * MB, baselinePeakBytes: 4 * MB,
};

describe('speed curve', () => {
  const log = { curve: 'log' as const, target: 10 };
  const linear = { curve: 'linear' as const, target: 5 };

  it.each([
    ['slower than the baseline', 0.5, 0],
    ['as fast as the baseline', 1, 0],
    ['halfway in log terms', Math.sqrt(10), 0.5],
    ['at the target', 10, 1],
    ['beyond the target', 100, 1],
  ])('log: %s (speedup %d) earns %d', (_name, speedup, fraction) => {
    expect(speedFraction(speedup, log)).toBeCloseTo(fraction, 10);
  });

  it.each([
    ['as fast as the baseline', 1, 0],
    ['halfway', 3, 0.5],
    ['at the target', 5, 1],
    ['beyond the target', 50, 1],
  ])('linear: %s (speedup %d) earns %d', (_name, speedup, fraction) => {
    expect(speedFraction(speedup, linear)).toBeCloseTo(fraction, 10);
  });
});

describe('memory curve', () => {
  it.each([
    ['below the target', 0.5, 1],
    ['at the target', 1, 1],
    ['halfway in log terms', 2, 0.5],
    ['at the zero ratio', 4, 0],
    ['beyond the zero ratio', 8, 0],
  ])('%s (ratio %d) earns %d', (_name, ratio, fraction) => {
    expect(memoryFraction(ratio, memoryCurve)).toBeCloseTo(fraction, 10);
  });

  it('raises tiny peaks to the floor, so 1 KB against 2 KB is not "half the memory"', () => {
    expect(memoryRatio(1000, 2000, memoryCurve)).toBe(1);
    expect(memoryRatio(4 * 65536, 65536, memoryCurve)).toBe(4);
  });
});

describe('ScoringService', () => {
  const service = new ScoringService();

  it('gives full marks for an accepted submission at the target speed using no more memory', async () => {
    await expect(service.score(scoringSpec(), accepted)).resolves.toEqual({
      score: 100, maxScore: 100, points: { correctness: 40, speed: 50, memory: 10 },
    });
  });

  it('gives part of the speed and memory points in between', async () => {
    const result = await service.score(scoringSpec(), { ...accepted, speedup: Math.sqrt(10), peakBytes: 8 * MB });

    expect(result).toEqual({ score: 70, maxScore: 100, points: { correctness: 40, speed: 25, memory: 5 } });
  });

  it('gives a wrong answer correctness points for the cases it passed and nothing for speed or memory', async () => {
    const result = await service.score(scoringSpec(), { ...accepted, verdict: 'wrong_answer', passed: 3, speedup: 50 });

    expect(result).toEqual({ score: 24, maxScore: 100, points: { correctness: 24, speed: 0, memory: 0 } });
  });

  it('rounds points and score to 2 decimals', async () => {
    const result = await service.score(scoringSpec(), { ...accepted, verdict: 'runtime_error', passed: 1, total: 3 });

    expect(result.points.correctness).toBe(13.33);
    expect(result.score).toBe(13.33);
  });

  it('makes the maximum score the sum of the weights', async () => {
    const result = await service.score(scoringSpec({ weights: { correctness: 7, speed: 2.5, memory: 0 } }), accepted);

    expect(result).toEqual({ score: 9.5, maxScore: 9.5, points: { correctness: 7, speed: 2.5, memory: 0 } });
  });

  it('does not need memory measurements when memory earns no points', async () => {
    const spec = scoringSpec({ weights: { correctness: 50, speed: 50, memory: 0 } });

    await expect(service.score(spec, { ...accepted, peakBytes: null, baselinePeakBytes: null })).resolves.toMatchObject({ score: 100 });
  });

  it.each([
    ['an accepted submission without a speedup', { speedup: null }, /speedup was not measured/],
    ['an accepted submission without a memory peak', { peakBytes: null }, /peak memory was not measured/],
    ['more cases passed than exist', { passed: 6 }, /6 passed of 5/],
    ['no cases at all', { passed: 0, total: 0 }, /0 passed of 0/],
  ])('refuses to score %s (the grader reports an error, not a 0)', async (_name, change, reason) => {
    const scoring = service.score(scoringSpec(), { ...accepted, ...change });

    await expect(scoring).rejects.toThrow(ScoringFailed);
    await expect(scoring).rejects.toThrow(reason);
  });
});

describe('roundScore', () => {
  it('rounds half up at 2 decimals despite binary floating point', () => {
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(2 / 3)).toBe(0.67);
  });
});
