import { MAX_ATTEMPTS, nextDelayS, parseRetryAfter, RETRY_DELAYS_S } from '../../src/webhooks/retry-schedule.js';

describe('webhook retry schedule', () => {
  it('is 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten tries', () => {
    expect(RETRY_DELAYS_S).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(MAX_ATTEMPTS).toBe(10);
  });

  it('waits the next step after each failed try, with ±20 % jitter, and stops after the tenth', () => {
    for (let attempts = 1; attempts < MAX_ATTEMPTS; attempts++) {
      expect(nextDelayS(attempts, null, () => 0)).toBeCloseTo(RETRY_DELAYS_S[attempts] * 0.8);
      expect(nextDelayS(attempts, null, () => 0.5)).toBeCloseTo(RETRY_DELAYS_S[attempts]);
      expect(nextDelayS(attempts, null, () => 0.99999)).toBeCloseTo(RETRY_DELAYS_S[attempts] * 1.2, 0);
    }
    expect(nextDelayS(MAX_ATTEMPTS)).toBeNull();
  });

  it('never retries sooner than a Retry-After asks, nor sooner than the schedule, nor later than a day for it', () => {
    expect(nextDelayS(1, 3600, () => 0.5)).toBe(3600);
    expect(nextDelayS(3, 10, () => 0.5)).toBe(1800);
    expect(nextDelayS(1, 7 * 86400, () => 0.5)).toBe(86400);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:10:00 GMT', now)).toBe(600);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
