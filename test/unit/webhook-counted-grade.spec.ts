import type { GradeCandidate } from '../../src/submissions/submissions.repository.js';
import { countedGradeChange } from '../../src/webhooks/counted-grade.js';

const candidate = (id: string, score: number | null, status: 'graded' | 'rejected' = 'graded'): GradeCandidate => ({
  userId: 'u',
  email: 'a@b.c',
  name: 'A',
  submissionId: id,
  status,
  score,
  maxScore: 100,
  latePenalty: 0,
  createdAt: new Date(`2026-03-0${id.slice(1)}T10:00:00Z`),
});
const none = { submissionId: null, score: null, maxScore: null, version: 0 };

describe('counted grade (grade.updated)', () => {
  it('announces the first grade as version 1', () => {
    expect(countedGradeChange(none, [candidate('s1', 40)], 'best')).toEqual({ submissionId: 's1', score: 40, maxScore: 100, version: 1 });
  });

  it('under "best", a worse later submission changes nothing; a better one is the next version', () => {
    const first = { submissionId: 's1', score: 80, maxScore: 100, version: 1 };
    expect(countedGradeChange(first, [candidate('s1', 80), candidate('s2', 50)], 'best')).toBeNull();
    expect(countedGradeChange(first, [candidate('s1', 80), candidate('s2', 80)], 'best')).toBeNull();
    expect(countedGradeChange(first, [candidate('s1', 80), candidate('s2', 90)], 'best')).toEqual({ submissionId: 's2', score: 90, maxScore: 100, version: 2 });
  });

  it('under "last", every newer finished submission counts, a rejected one as 0', () => {
    const first = { submissionId: 's1', score: 80, maxScore: 100, version: 3 };
    expect(countedGradeChange(first, [candidate('s1', 80), candidate('s2', 50)], 'last')).toEqual({ submissionId: 's2', score: 50, maxScore: 100, version: 4 });
    expect(countedGradeChange(first, [candidate('s1', 80), candidate('s2', null, 'rejected')], 'last')).toMatchObject({ submissionId: 's2', score: 0, version: 4 });
  });

  it('a regrade that changes the counted score is a new version', () => {
    const first = { submissionId: 's1', score: 80, maxScore: 100, version: 1 };
    expect(countedGradeChange(first, [candidate('s1', 75)], 'best')).toEqual({ submissionId: 's1', score: 75, maxScore: 100, version: 2 });
  });
});
