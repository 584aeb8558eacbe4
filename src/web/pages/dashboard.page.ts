import { describeBins, histogram } from '../charts/histogram.js';
import { outcomeCounts, scoreBins, speedupBins, type Outcome } from '../dashboard-stats.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { formatSpeedup, verdictLabel } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { DashboardModel, StudentProgress } from '../instructor-pages.service.js';
import type { SubmissionOutcome } from '../../submissions/submissions.repository.js';
import { accountForms } from './account-forms.js';
import { dateTime, scoreText, verdictBadge } from './partials.js';

export interface DashboardNotice {
  regraded?: number;
}

export function dashboardPage(model: DashboardModel, notice: DashboardNotice): Html {
  const submitted = model.students.filter((s) => s.submissions.length > 0);
  const graded = model.students.flatMap((s) => (s.counted ? [s.counted] : []));
  const gradeBins = scoreBins(graded.map((s) => s.score ?? 0), model.maxScore);
  const scores = histogram({
    id: 'score-histogram',
    title: `Scores of the ${graded.length} graded student${graded.length === 1 ? '' : 's'} (their ${model.counts} submission)`,
    description: describeBins(gradeBins.bins, 'student'),
    ...gradeBins,
    unit: 'student',
    axisLabel: `score out of ${model.maxScore}`,
  });
  const speedups = graded.flatMap((s) => (s.speedup !== null ? [s.speedup] : []));
  const fastBins = speedupBins(speedups);
  const speedupChart = histogram({
    id: 'speedup-histogram',
    title: `Speedups over the baseline of ${speedups.length} student${speedups.length === 1 ? '' : 's'}`,
    description: describeBins(fastBins.bins, 'student'),
    ...fastBins,
    unit: 'student',
    axisLabel: 'speedup of the graded submission',
  });
  return layout({
    title: `Dashboard: ${model.title}`,
    caller: model.caller,
    section: 'instructor',
    crumbs: [{ label: 'Instructor', href: '/instructor' }, { label: model.title }],
    body: html`<h1>${model.title}</h1>
<p class="lead">Topic: ${model.topic} · grade = each student's ${model.counts} submission${model.available ? '' : ' · closed: this assignment no longer loads, see the instructor page'}</p>
${notice.regraded !== undefined ? html`<p class="notice good" role="status">${notice.regraded} submission${notice.regraded === 1 ? ' was' : 's were'} queued for regrading, behind new submissions. Results update as they finish.</p>` : null}
<div class="figure-row card">
<div class="figure"><div class="value">${submitted.length}</div><div class="label">of ${model.students.length} students submitted</div></div>
<div class="figure"><div class="value">${model.submissions.length}</div><div class="label">submissions</div></div>
<div class="figure"><div class="value">${graded.length}</div><div class="label">students with a grade</div></div>
</div>
<div class="actions">
<a class="button" href="/instructor/assignments/${model.slug}/grades.csv" download>Export grades (CSV)</a>
<form method="post" action="/instructor/assignments/${model.slug}/regrade" data-confirm="Regrade all ${model.submissions.length} submissions of this assignment with its current version?">${TOKEN_FIELD}<button type="submit" class="secondary">Regrade all submissions</button></form>
<a class="button secondary" href="/instructor/assignments/${model.slug}/similarity">Similarity</a>
<a href="/assignments/${model.slug}">Student view</a>
</div>
<div class="charts">
<figure class="card"><figcaption>Scores</figcaption>${scores}</figure>
<figure class="card"><figcaption>Speedups</figcaption>${speedupChart}</figure>
</div>
${verdictTable(outcomeCounts(model.submissions))}
${studentsTable(model)}
${accountForms(`/instructor/assignments/${model.slug}`)}`,
  });
}

function verdictTable(counts: Map<Outcome, number>): Html {
  const rows = [...counts].sort((a, b) => b[1] - a[1]);
  return html`<section class="card" aria-labelledby="verdicts-heading">
<h2 id="verdicts-heading">Verdicts of all submissions</h2>
${rows.length
  ? html`<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Verdict</th><th scope="col" class="num">Submissions</th></tr></thead>
<tbody>${rows.map(([outcome, n]) => html`<tr><td>${outcome === 'pending' ? 'Waiting or being graded' : verdictLabel(outcome)}</td><td class="num">${n}</td></tr>`)}</tbody>
</table></div>`
  : html`<p class="muted">No submissions yet.</p>`}
</section>`;
}

function studentsTable(model: DashboardModel): Html {
  return html`<section class="card" aria-labelledby="students-heading">
<h2 id="students-heading">Students</h2>
<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Student</th><th scope="col" class="num">Submissions</th><th scope="col" class="num">Grade</th><th scope="col" class="num">Best</th><th scope="col" class="num">Last</th><th scope="col">All submissions</th></tr></thead>
<tbody>${model.students.map((student) => studentRow(student))}</tbody>
</table></div>
</section>`;
}

function studentRow(student: StudentProgress): Html {
  return html`<tr>
<td>${student.name}<br><span class="muted small">${student.email}</span></td>
<td class="num">${student.submissions.length}</td>
<td class="num">${scoreLink(student.counted)}</td>
<td class="num">${scoreLink(student.best)}</td>
<td class="num">${scoreLink(student.last)}</td>
<td>${student.submissions.length
    ? html`<details><summary>${student.submissions.length} submission${student.submissions.length === 1 ? '' : 's'}</summary><ul class="plain-list small">${[...student.submissions].reverse().map(
        (s) => html`<li><a href="/submissions/${s.id}">#${s.attempt}</a> ${dateTime(s.createdAt)} ${verdictBadge(s.status, s.verdict)} ${scoreText(s)}${s.speedup !== null ? ` · ${formatSpeedup(s.speedup)}` : ''} · <a href="/submissions/${s.id}/source">source</a></li>`,
      )}</ul></details>`
    : html`<span class="muted">not submitted</span>`}</td>
</tr>`;
}

function scoreLink(submission: SubmissionOutcome | undefined): Html | string {
  return submission ? html`<a href="/submissions/${submission.id}">${scoreText(submission)}</a>` : '—';
}
