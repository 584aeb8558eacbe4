import { gradeRows } from '../submissions/grades-csv.js';
import type { GradeCandidate } from '../submissions/submissions.repository.js';
import type { CountedGrade } from './counted-grades.repository.js';

/**
 * The student's grade now — chosen exactly as grades.csv chooses it (best or last, after late penalties) —
 * and whether it differs from the one last announced. A change is a different score, maximum or submission.
 */
export function countedGradeChange(previous: CountedGrade, candidates: GradeCandidate[], counts: 'best' | 'last'): CountedGrade | null {
  const row = candidates.length === 0 ? undefined : gradeRows(candidates, counts)[0];
  const current = { submissionId: row?.submissionId ?? null, score: row?.score ?? null, maxScore: row?.maxScore ?? null };
  const same = current.submissionId === previous.submissionId && current.score === previous.score && current.maxScore === previous.maxScore;
  return same ? null : { ...current, version: previous.version + 1 };
}
