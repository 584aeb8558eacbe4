import type { SubmissionPolicy } from '../assignments/assignment.types.js';
import { DomainError } from '../common/domain-error.js';
import type { AttemptHistory } from './submissions.repository.js';

const DAY_MS = 86_400_000;

/**
 * Whether a student may submit now, under the assignment's policy: returns the late penalty to record, or
 * throws a refusal that says when (or whether) the next attempt is allowed. Instructors are not limited.
 */
export function admitSubmission(policy: SubmissionPolicy, history: AttemptHistory, now: Date, title: string, staff: boolean): { latePenalty: number } {
  const latePenalty = latePenaltyAt(policy, now);
  if (staff) return { latePenalty: 0 };
  if (latePenalty >= 1) {
    throw new DomainError(
      'forbidden',
      policy.latePenalty.perDay === 0
        ? `The deadline of "${title}" (${policy.deadline}) has passed, and this assignment takes no late submissions.`
        : `The deadline of "${title}" (${policy.deadline}) has passed and a submission now would score 0, so no further submission is accepted.`,
    );
  }
  if (policy.maxAttempts !== undefined && history.counted >= policy.maxAttempts) {
    throw new DomainError(
      'conflict',
      `You have used all ${policy.maxAttempts} attempt${policy.maxAttempts === 1 ? '' : 's'} for "${title}", so no further submission is accepted. Your ${policy.counts} graded submission is your grade.`,
    );
  }
  if (history.lastAt && policy.cooldownS > 0) {
    const nextAt = new Date(history.lastAt.getTime() + policy.cooldownS * 1000);
    if (nextAt > now) {
      const waitS = Math.ceil((nextAt.getTime() - now.getTime()) / 1000);
      throw new DomainError(
        'too_many',
        `Please wait ${waitS} s between submissions to "${title}": your next attempt is allowed at ${nextAt.toISOString()}.`,
        waitS,
      );
    }
  }
  return { latePenalty };
}

/**
 * Fraction of the score lost when submitting at `now`: per started day late, up to the maximum. A deadline
 * without a per-day penalty is a hard deadline (1 = not accepted).
 */
export function latePenaltyAt(policy: SubmissionPolicy, now: Date): number {
  if (!policy.deadline) return 0;
  const lateMs = now.getTime() - new Date(policy.deadline).getTime();
  if (lateMs <= 0) return 0;
  if (policy.latePenalty.perDay === 0) return 1;
  const days = Math.ceil(lateMs / DAY_MS);
  return Math.min(policy.latePenalty.max, Math.round(days * policy.latePenalty.perDay * 1e6) / 1e6);
}
