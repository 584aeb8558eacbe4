import { retryDelayS } from '../../src/queue/retry-delay.js';
import { slotCores } from '../../src/queue/slot-cores.js';

describe('grading slots', () => {
  it('each get their own cores', () => {
    expect(slotCores([1], 1)).toEqual([[1]]);
    expect(slotCores([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
    expect(slotCores([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
  });
});

describe('retry back-off', () => {
  it('grows fourfold per failure, with ±20 % jitter, capped at an hour', () => {
    expect(retryDelayS(15, 1, () => 0.5)).toBe(15);
    expect(retryDelayS(15, 2, () => 0.5)).toBe(60);
    expect(retryDelayS(15, 3, () => 0)).toBe(192);
    expect(retryDelayS(15, 3, () => 1)).toBe(288);
    expect(retryDelayS(600, 9, () => 0.5)).toBe(3600);
    expect(retryDelayS(0, 5)).toBe(0);
  });
});
