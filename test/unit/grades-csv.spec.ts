import { gradeRows, toCsv } from '../../src/submissions/grades-csv.js';
import type { GradeCandidate } from '../../src/submissions/submissions.repository.js';

const at = (day: number) => new Date(Date.UTC(2025, 2, day));
const row = (userId: string, submissionId: string | null, score: number | null, day = 1): GradeCandidate => ({
  userId,
  email: `${userId}@x.edu`,
  name: userId.toUpperCase(),
  submissionId,
  status: submissionId ? 'graded' : null,
  score,
  maxScore: submissionId ? 100 : null,
  latePenalty: submissionId ? 0 : null,
  createdAt: submissionId ? at(day) : null,
});

describe('grades.csv', () => {
  const candidates = [row('ann', 's1', 40, 1), row('ann', 's2', 90, 2), row('ann', 's3', 70, 3), row('bob', null, null)];

  it('takes the best submission, or the last, per student; no submission is an empty score, not 0', () => {
    expect(gradeRows(candidates, 'best').map((r) => [r.email, r.submissionId, r.score])).toEqual([
      ['ann@x.edu', 's2', 90],
      ['bob@x.edu', null, null],
    ]);
    expect(gradeRows(candidates, 'last').map((r) => [r.submissionId, r.score, r.submissions])).toEqual([
      ['s3', 70, 3],
      [null, null, 0],
    ]);
  });

  it('writes RFC 4180 CSV and defuses spreadsheet formulas', () => {
    const csv = toCsv([{ email: 'e@x.edu', name: '=HYPERLINK("x"), "Jo"', submissions: 1, submissionId: 's', score: 12.345, maxScore: 100, latePenalty: 0.1, submittedAt: at(2) }]);
    expect(csv).toBe(
      'email,name,score,max_score,late_penalty,submissions,submission_id,submitted_at\r\n' +
        `e@x.edu,"'=HYPERLINK(""x""), ""Jo""",12.35,100,0.1,1,s,2025-03-02T00:00:00.000Z\r\n`,
    );
  });
});
