import type { Verdict } from '../../grading/report.types.js';
import type { SubmissionStatus } from '../../submissions/submission-status.js';
import { formatDateTime, formatScore, formatSpeedup, statusLabel, verdictTone } from '../html/format.js';
import { html, type Html } from '../html/html.js';

/** The verdict in words, coloured (the colour is never the only signal). */
export function verdictBadge(status: SubmissionStatus, verdict: Verdict | null | undefined): Html {
  return html`<span class="badge ${verdictTone(verdict, status)}">${statusLabel(status, verdict)}</span>`;
}

export function dateTime(date: Date | string): Html {
  const iso = new Date(date).toISOString();
  return html`<time datetime="${iso}" data-local>${formatDateTime(iso)}</time>`;
}

/** The score as a table shows it; a file that could not be graded says so rather than "0 / 0". */
export function scoreText(submission: { status: SubmissionStatus; score: number | null; maxScore: number | null }): string {
  return submission.status === 'rejected' ? 'not graded' : formatScore(submission.score, submission.maxScore);
}

/** A submission as a row of the history and dashboard tables. */
export interface SubmissionRow {
  id: string;
  attempt: number;
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  speedup?: number | null;
  createdAt: Date | string;
}

export function submissionsTable(rows: SubmissionRow[], caption: string, options: { speedup?: boolean; source?: boolean } = {}): Html {
  return html`<div class="table-wrap" tabindex="0"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Attempt</th><th scope="col">Submitted</th><th scope="col">Result</th><th scope="col" class="num">Score</th>${options.speedup ? html`<th scope="col" class="num">Speedup</th>` : null}${options.source ? html`<th scope="col">Source</th>` : null}</tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr><td><a href="/submissions/${row.id}">#${row.attempt}</a></td><td>${dateTime(row.createdAt)}</td><td>${verdictBadge(row.status, row.verdict)}</td><td class="num">${scoreText(row)}</td>${options.speedup ? html`<td class="num">${row.speedup ? formatSpeedup(row.speedup) : '—'}</td>` : null}${options.source ? html`<td><a href="/submissions/${row.id}/source">source</a></td>` : null}</tr>`,
)}
</tbody>
</table></div>`;
}
