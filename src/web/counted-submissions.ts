import { gradeRows } from '../submissions/grades-csv.js';
import type { SubmissionStatus } from '../submissions/submission-status.js';

/** What choosing a student's grade needs to know about each of their submissions. */
export interface Finishable {
  id: string;
  userId: string;
  email: string;
  name: string;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
}

/**
 * Per student, the submission that is their grade — the best or the last finished one — chosen exactly as
 * grades.csv chooses it, so the pages and the export never disagree. `submissions` must be oldest first.
 */
export function countedSubmissions(submissions: Finishable[], counts: 'best' | 'last'): Set<string> {
  const finished = submissions.filter((s) => s.status === 'graded' || s.status === 'rejected');
  const candidates = finished.map((s) => ({ ...s, submissionId: s.id, latePenalty: null }));
  return new Set(gradeRows(candidates, counts).flatMap((row) => (row.submissionId ? [row.submissionId] : [])));
}
