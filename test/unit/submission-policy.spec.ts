import type { SubmissionPolicy } from '../../src/assignments/assignment.types.js';
import { DomainError } from '../../src/common/domain-error.js';
import { admitSubmission, latePenaltyAt } from '../../src/submissions/submission-policy.js';

const base: SubmissionPolicy = { latePenalty: { perDay: 0, max: 0 }, cooldownS: 0, counts: 'best', leaderboard: false };
const none = { total: 0, counted: 0, lastAt: null };
const now = new Date('2025-03-10T12:00:00Z');

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('submission policy', () => {
  it('admits anything without limits, on time', () => {
    expect(admitSubmission(base, { total: 99, counted: 99, lastAt: now }, now, 'A', false)).toEqual({ latePenalty: 0 });
  });

  it('counts attempts that were not our errors against max_attempts (409)', () => {
    const policy = { ...base, maxAttempts: 3 };
    expect(admitSubmission(policy, { total: 5, counted: 2, lastAt: null }, now, 'A', false)).toEqual({ latePenalty: 0 });
    const error = refusal(() => admitSubmission(policy, { total: 3, counted: 3, lastAt: null }, now, 'A', false));
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('You have used all 3 attempts for "A", so no further submission is accepted. Your best graded submission is your grade.');
  });

  it('refuses inside the cooldown with the seconds to wait and the time of the next attempt (429)', () => {
    const policy = { ...base, cooldownS: 60 };
    const error = refusal(() => admitSubmission(policy, { ...none, total: 1, counted: 1, lastAt: new Date(now.getTime() - 15_500) }, now, 'A', false));
    expect(error).toMatchObject({ kind: 'too_many', retryAfterS: 45 });
    expect(error.message).toBe('Please wait 45 s between submissions to "A": your next attempt is allowed at 2025-03-10T12:00:44.500Z.');
    expect(admitSubmission(policy, { ...none, lastAt: new Date(now.getTime() - 60_000) }, now, 'A', false)).toEqual({ latePenalty: 0 });
  });

  it('takes the late penalty per started day, up to the maximum', () => {
    const policy = { ...base, deadline: '2025-03-08T00:00:00Z', latePenalty: { perDay: 0.1, max: 0.25 } };
    expect(latePenaltyAt(policy, new Date('2025-03-07T23:00:00Z'))).toBe(0);
    expect(latePenaltyAt(policy, new Date('2025-03-08T00:00:01Z'))).toBe(0.1);
    expect(latePenaltyAt(policy, new Date('2025-03-09T00:00:01Z'))).toBe(0.2);
    expect(latePenaltyAt(policy, now)).toBe(0.25);
    expect(admitSubmission(policy, none, now, 'A', false)).toEqual({ latePenalty: 0.25 });
  });

  it('refuses after a deadline without late penalty, or once lateness would take everything (403)', () => {
    const hard = { ...base, deadline: '2025-03-01T00:00:00+01:00' };
    expect(refusal(() => admitSubmission(hard, none, now, 'A', false)).kind).toBe('forbidden');
    const total = { ...base, deadline: '2025-03-08T00:00:00Z', latePenalty: { perDay: 0.5, max: 1 } };
    expect(admitSubmission(total, none, new Date('2025-03-08T12:00:00Z'), 'A', false)).toEqual({ latePenalty: 0.5 });
    expect(refusal(() => admitSubmission(total, none, now, 'A', false)).message).toMatch(/would score 0/);
  });

  it('does not limit instructors', () => {
    const policy = { ...base, maxAttempts: 1, cooldownS: 3600, deadline: '2020-01-01T00:00:00Z' };
    expect(admitSubmission(policy, { total: 5, counted: 5, lastAt: now }, now, 'A', true)).toEqual({ latePenalty: 0 });
  });
});
