import { trendChart } from '../charts/trend-chart.js';
import { formatScore, formatSpeedup, significant } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { HistoryPageModel } from '../student-pages.service.js';
import { countedSubmissions } from '../counted-submissions.js';
import { submissionsTable } from './partials.js';

export function historyPage(model: HistoryPageModel): Html {
  const finished = model.mine.filter((s) => s.status === 'graded' || s.status === 'rejected');
  const scored = finished.filter((s) => s.score !== null);
  const counted = countedSubmissions(model.mine, model.counts);
  const fast = finished.filter((s) => s.speedup !== null);
  const maxScore = Math.max(...scored.map((s) => s.maxScore ?? 0), 1);
  const scoreChart = scored.length
    ? trendChart({
        id: 'score-trend',
        title: 'My score, attempt by attempt',
        description: scored.map((s) => `attempt ${s.attempt}: ${formatScore(s.score, s.maxScore)}`).join('; '),
        points: scored.map((s) => ({ label: `#${s.attempt}`, value: s.score!, highlight: counted.has(s.id) })),
        scale: 'linear',
        max: maxScore,
        format: (v) => significant(v, 3),
        axisLabel: 'score per attempt (filled: the one that counts)',
      })
    : null;
  const speedupChart = fast.length
    ? trendChart({
        id: 'speedup-trend',
        title: 'My speedup over the baseline, attempt by attempt (log scale)',
        description: fast.map((s) => `attempt ${s.attempt}: ${formatSpeedup(s.speedup!)}`).join('; '),
        points: fast.map((s) => ({ label: `#${s.attempt}`, value: s.speedup!, highlight: counted.has(s.id) })),
        scale: 'log',
        format: formatSpeedup,
        axisLabel: 'speedup per attempt, log scale',
      })
    : null;
  return layout({
    title: `My history: ${model.title}`,
    caller: model.caller,
    section: 'assignments',
    crumbs: [{ label: 'Assignments', href: '/assignments' }, { label: model.title, href: `/assignments/${model.slug}` }, { label: 'My history' }],
    body: html`<h1>My history</h1>
<p class="lead">${model.title}: your ${model.counts} graded submission is your grade.</p>
${model.mine.length === 0
  ? html`<p class="notice">No submissions yet. <a href="/assignments/${model.slug}#submit">Submit your first solution.</a></p>`
  : html`<div class="charts">
${scoreChart ? html`<figure class="card"><figcaption>Score</figcaption>${scoreChart}</figure>` : null}
${speedupChart ? html`<figure class="card"><figcaption>Speedup</figcaption>${speedupChart}</figure>` : html`<p class="card muted">No speedup measured yet: speed is measured once every case is correct.</p>`}
</div>
${submissionsTable([...model.mine].reverse(), 'All my submissions, newest first', { speedup: true, source: true })}`}`,
  });
}
