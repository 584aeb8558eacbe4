import type { ScoringSpec } from '../../src/assignments/assignment.types.js';
import { formulaSyntaxError } from '../../src/scoring/formula.js';
import { ScoringFailed } from '../../src/scoring/scoring.errors.js';
import { ScoringService } from '../../src/scoring/scoring.service.js';
import type { ScoringMeasurements } from '../../src/scoring/scoring.types.js';

const service = new ScoringService();

function withFormula(formula: string): { scoring: ScoringSpec } {
  return {
    scoring: {
      weights: { correctness: 40, speed: 50, memory: 10 },
      speed: { curve: 'log', target: 10 },
      memory: { targetRatio: 1, zeroRatio: 4, floorBytes: 65536 },
      formula,
    },
  };
}

const measured: ScoringMeasurements = {
  verdict: 'accepted', passed: 4, total: 4, speedup: 5, referenceSpeedup: 20, peakBytes: 2 ** 20, baselinePeakBytes: 2 ** 20,
};

const scoreOf = async (formula: string, m: ScoringMeasurements = measured) => (await service.score(withFormula(formula), m)).score;

describe('a scoring formula', () => {
  it('computes the score from the measurements and the default points', async () => {
    await expect(scoreOf('m.points.correctness + 60 * Math.min(1, m.speedup / m.referenceSpeedup)')).resolves.toBe(55);
  });

  it('leaves the default points in the result for the report', async () => {
    const result = await service.score(withFormula('m.score / 2'), measured);

    expect(result.points).toEqual({ correctness: 40, speed: 34.95, memory: 10 });
    expect(result.score).toBe(42.48);
  });

  it('is clamped to 0 … maxScore', async () => {
    await expect(scoreOf('1000')).resolves.toBe(100);
    await expect(scoreOf('-5')).resolves.toBe(0);
  });

  it('may end in a // comment', async () => {
    await expect(scoreOf('m.maxScore // everyone gets full marks')).resolves.toBe(100);
  });

  it.each([
    ['runs forever', '(() => { while (true) {} })()', /did not finish within 50 ms/],
    ['returns a string', '"full marks"', /must return a number, but returned a value of type string/],
    ['returns an object', '({ score: 1 })', /must return a number, but returned a value of type object/],
    ['returns NaN', 'm.speedup * undefined', /must return a finite number, but returned NaN/],
    ['throws', 'm.nothing.here', /threw TypeError: Cannot read properties of undefined/],
    // A 32 MB array: one allocation, so the limit is hit before the timeout however busy the machine is.
    ['exhausts its memory', '[].constructor(4e6).fill(1.5).length', /more than 16 MB/],
    ['writes to m', '(m.passed = 99, 1)', /threw TypeError/],
    ['writes into m.points', '(m.points.speed = 99, 1)', /threw TypeError/],
  ])('that %s is a ScoringFailed, never a 0 for the student', async (_name, formula, reason) => {
    const scoring = scoreOf(formula);

    await expect(scoring).rejects.toThrow(ScoringFailed);
    await expect(scoring).rejects.toThrow(reason);
  });

  // Only Math and m: no host objects, and nothing (Date, …) that would make a score depend on when it was computed.
  it.each(['process', 'require', 'globalThis', 'Date', 'console', 'Function', 'eval', 'fetch', 'setTimeout'])('cannot reach %s', async (name) => {
    await expect(scoreOf(`typeof ${name} === 'undefined' ? 1 : 0`)).resolves.toBe(1);
  });

  it('cannot call process.exit', async () => {
    await expect(scoreOf('process.exit(1)')).rejects.toThrow(/threw ReferenceError: process is not defined/);
  });

  it('keeps no state from one evaluation to the next', async () => {
    const counter = '(this.calls = (this.calls || 0) + 1)';

    await expect(scoreOf(counter)).resolves.toBe(1);
    await expect(scoreOf(counter)).resolves.toBe(1);
  });
});

describe('formulaSyntaxError', () => {
  it('accepts an expression', async () => {
    await expect(formulaSyntaxError('m.points.correctness + (m.accepted ? 10 : 0)')).resolves.toBeUndefined();
  });

  it.each([
    ['a dangling operator', 'm.score +', /Unexpected token/],
    ['statements instead of an expression', 'let x = 1; x', /Unexpected/],
    ['a typo on the second line', 'm.score\n  +* 2', /\(line 2, column 4 of the formula\)/],
  ])('reports %s', async (_name, formula, message) => {
    await expect(formulaSyntaxError(formula)).resolves.toMatch(message);
  });
});
