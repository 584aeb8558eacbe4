import type { GradeCandidate } from './submissions.repository.js';

export interface GradeRow {
  email: string;
  name: string;
  /** Graded or rejected submissions considered. */
  submissions: number;
  submissionId: string | null;
  score: number | null;
  maxScore: number | null;
  latePenalty: number | null;
  submittedAt: Date | null;
}

/**
 * One row per student: the best or the last finished submission (the assignment's policy), score after its
 * late penalty. Students without a finished submission get an empty score, not 0: absent is not failed.
 */
export function gradeRows(candidates: GradeCandidate[], counts: 'best' | 'last'): GradeRow[] {
  const byStudent = new Map<string, GradeCandidate[]>();
  for (const candidate of candidates) {
    const list = byStudent.get(candidate.userId) ?? [];
    if (candidate.submissionId) list.push(candidate);
    byStudent.set(candidate.userId, list);
  }
  const rows: GradeRow[] = [];
  for (const [userId, finished] of byStudent) {
    const student = candidates.find((c) => c.userId === userId)!;
    const chosen = counts === 'last' ? finished.at(-1) : best(finished);
    rows.push({
      email: student.email,
      name: student.name,
      submissions: finished.length,
      submissionId: chosen?.submissionId ?? null,
      score: chosen?.score ?? (chosen ? 0 : null),
      maxScore: chosen?.maxScore ?? null,
      latePenalty: chosen?.latePenalty ?? null,
      submittedAt: chosen?.createdAt ? new Date(chosen.createdAt) : null,
    });
  }
  return rows;
}

/** The highest score after penalties; on a tie the earliest. */
function best(finished: GradeCandidate[]): GradeCandidate | undefined {
  let chosen: GradeCandidate | undefined;
  for (const candidate of finished) if (!chosen || (candidate.score ?? 0) > (chosen.score ?? 0)) chosen = candidate;
  return chosen;
}

const HEADER = ['email', 'name', 'score', 'max_score', 'late_penalty', 'submissions', 'submission_id', 'submitted_at'];

export function toCsv(rows: GradeRow[]): string {
  const lines = [HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.email,
        row.name,
        row.score === null ? '' : String(Math.round(row.score * 100) / 100),
        row.maxScore === null ? '' : String(row.maxScore),
        row.latePenalty === null ? '' : String(row.latePenalty),
        String(row.submissions),
        row.submissionId ?? '',
        row.submittedAt?.toISOString() ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula (=, +, -, @). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
