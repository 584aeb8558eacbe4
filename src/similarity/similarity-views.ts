import type { SharedFragment } from './analysis/shared-fragments.js';
import { isFlagged } from './analysis/similarity-rules.js';
import { describeRunFailure } from './run-failure.js';
import type { ReviewDto, SharedFragmentDto, SimilarityRunDto, SimilarPairDto, SubmissionRefDto } from './dto/similarity.dto.js';
import type { RunRecord, StoredPair } from './similarity-runs.repository.js';
import type { ReviewRecord } from './similarity-reviews.repository.js';
import type { SubmissionRef } from './submission-refs.repository.js';

export function runView(run: RunRecord): SimilarityRunDto {
  const summary = run.summary;
  return {
    id: run.id,
    state: run.state,
    scope: run.scope,
    requestedBy: run.requestedByName,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    progress: run.state === 'running' ? run.progress : null,
    summary: summary
      ? {
          submissions: summary.submissions,
          fingerprinted: summary.fingerprinted,
          reused: summary.reused,
          comparedPairs: summary.comparedPairs,
          flaggedPairs: summary.flaggedPairs,
          durationMs: summary.durationMs,
        }
      : null,
    error: run.failure ? describeRunFailure(run.failure) : null,
  };
}

export function refView(ref: SubmissionRef): SubmissionRefDto {
  return {
    id: ref.id,
    studentId: ref.userId,
    name: ref.name,
    email: ref.email,
    attempt: ref.attempt,
    filename: ref.filename,
    status: ref.status,
    score: ref.score,
    maxScore: ref.maxScore,
    createdAt: ref.createdAt.toISOString(),
  };
}

export function reviewView(review: ReviewRecord | undefined): ReviewDto | null {
  return review ? { status: review.status, note: review.note, reviewedBy: review.reviewedByName, updatedAt: review.updatedAt.toISOString() } : null;
}

export function pairView(pair: StoredPair, refs: Map<string, SubmissionRef>, review: ReviewRecord | undefined): SimilarPairDto {
  return {
    left: refView(refs.get(pair.leftId)!),
    right: refView(refs.get(pair.rightId)!),
    similarity: pair.similarity,
    longest: pair.longest,
    longestLines: pair.longestLines,
    leftShared: pair.leftShared,
    rightShared: pair.rightShared,
    leftOwn: pair.leftOwn,
    rightOwn: pair.rightOwn,
    flagged: isFlagged(pair),
    review: reviewView(review),
  };
}

export function fragmentView(fragment: SharedFragment): SharedFragmentDto {
  const corners = (r: SharedFragment['left']): [number, number, number, number] => [r.startRow, r.startCol, r.endRow, r.endCol];
  return { length: fragment.length, left: corners(fragment.left), right: corners(fragment.right) };
}
