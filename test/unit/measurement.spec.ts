import { coefficientOfVariation, median, speedupOf } from '../../src/grading/measurement.js';

describe('side-by-side statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('coefficient of variation is the sample deviation over the mean', () => {
    expect(coefficientOfVariation([5])).toBe(0);
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(coefficientOfVariation([9, 11])).toBeCloseTo(Math.SQRT2 / 10, 6);
  });

  it('speedup is the ratio of the medians; a slow moment of the machine within a round does not move it', () => {
    const rounds = [
      { baselineNs: 400e6, otherNs: 10e6 },
      { baselineNs: 800e6, otherNs: 20e6 }, // the whole machine twice as slow for this round
      { baselineNs: 410e6, otherNs: 10e6 },
    ];
    const result = speedupOf(rounds);
    expect(result.speedup).toBeCloseTo(41, 5);
    expect(result.cv).toBeLessThan(0.02);
    expect(result.baselineMs).toBe(410);
    expect(result.rounds).toBe(3);
  });
});
