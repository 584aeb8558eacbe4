/**
 * When each try of a delivery happens, counted from the previous one: at once, then 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 14 h, 20 h and 24 h later — ten tries over about three days, long enough to outlast a weekend
 * LMS outage. After the tenth failure the delivery is dead-lettered (an instructor can replay it).
 */
export const RETRY_DELAYS_S = [0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length;
/** A Retry-After longer than this is read as this: a receiver cannot park a delivery for a week. */
export const MAX_RETRY_AFTER_S = 24 * 3600;

/**
 * Seconds to wait after failed try number `attempts` (1-based) before the next, or null when that was the
 * last. ±20 % jitter spreads retries after an outage instead of sending them all at once; a receiver's
 * Retry-After is a floor (never sooner than it asked, never sooner than the schedule).
 */
export function nextDelayS(attempts: number, retryAfterS: number | null = null, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const scheduled = RETRY_DELAYS_S[attempts] * (0.8 + 0.4 * random());
  const asked = retryAfterS === null ? 0 : Math.min(MAX_RETRY_AFTER_S, Math.max(0, retryAfterS));
  return Math.round(Math.max(scheduled, asked) * 1000) / 1000;
}

/** Retry-After as seconds from now: either a number of seconds or an HTTP date (RFC 9110); null if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, (at - now.getTime()) / 1000);
}
