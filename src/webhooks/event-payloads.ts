import type { SubmissionFacts } from './webhook-events.repository.js';
import type { StudentRef, SubmissionCreatedData, SubmissionGradedData } from './webhook-events.types.js';

/** The submission's page in the web app, for people following a link from the LMS. */
export function submissionUrl(publicUrl: string, submissionId: string): string {
  return `${publicUrl}/submissions/${submissionId}`;
}

export function studentOf(facts: SubmissionFacts): StudentRef {
  return { id: facts.userId, email: facts.email, name: facts.name, lmsUserId: facts.lmsUserId };
}

/** What every event about one submission starts with. */
function submissionRef(facts: SubmissionFacts, publicUrl: string) {
  return { submissionId: facts.id, submissionUrl: submissionUrl(publicUrl, facts.id), assignment: facts.slug, student: studentOf(facts), attempt: facts.attempt };
}

export function submissionCreatedData(facts: SubmissionFacts, publicUrl: string): SubmissionCreatedData {
  return {
    ...submissionRef(facts, publicUrl),
    filename: facts.filename,
    createdAt: iso(facts.createdAt)!,
  };
}

const NOT_THEIR_FAULT = 'The grader could not grade this submission. This is not the student\'s fault and is not a score; an instructor can regrade it.';

/** The report's summary; for status "error" no score (an infrastructure failure is never a grade). */
export function submissionGradedData(facts: SubmissionFacts, publicUrl: string): SubmissionGradedData {
  return {
    ...submissionRef(facts, publicUrl),
    status: facts.status as SubmissionGradedData['status'],
    verdict: facts.verdict ?? (facts.status === 'error' ? 'error' : null),
    score: facts.status === 'error' ? null : facts.score,
    maxScore: facts.status === 'error' ? null : facts.maxScore,
    latePenalty: facts.latePenalty,
    speedup: facts.speedup,
    peakMemoryBytes: facts.peakMemoryBytes,
    message: facts.message ?? (facts.status === 'error' ? NOT_THEIR_FAULT : null),
    gradedAt: iso(facts.gradedAt),
  };
}

function iso(date: Date | string | null): string | null {
  return date === null ? null : new Date(date).toISOString();
}
