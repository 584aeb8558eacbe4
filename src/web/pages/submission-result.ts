import type { CaseResult, Report } from '../../grading/report.types.js';
import { barChart } from '../charts/bar-chart.js';
import { byteUnit, formatBytes, formatMs, formatPercent, formatScore, formatSpeedup, significant } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import type { SubmissionPageModel } from '../student-pages.service.js';
import { verdictBadge } from './partials.js';
import { profileSection } from './profile-view.js';
import { sourceExcerpt } from './source-listing.js';

/** The outcome of a finished grade: verdict and score, cases, speed and memory charts, profile, errors. */
export function resultSection(model: SubmissionPageModel): Html {
  const { submission } = model;
  const report = submission.report;
  if (submission.status === 'error' || !report) {
    return html`<section class="card" aria-labelledby="result-heading">
<h2 id="result-heading">${verdictBadge(submission.status, 'error')}</h2>
<p>${submission.message}</p>
<p>This submission does not count as an attempt and does not affect your grade. Submitting again is safe.</p>
</section>`;
  }
  return html`${verdictCard(model, report)}
${report.error ? errorCard(report, model.source) : null}
${report.status === 'graded' ? casesCard(report) : null}
${report.performance.speedup !== null ? performanceCard(report) : null}
${report.status === 'graded' && report.verdict !== 'rejected' ? profileSection(report.profile, model.source, report.warnings) : null}
${report.warnings.length ? warningsCard(report.warnings) : null}`;
}

function verdictCard(model: SubmissionPageModel, report: Report): Html {
  const { submission, weights } = model;
  const parts: [string, number, number | undefined, string][] = [
    ['Correctness', report.points.correctness, weights?.correctness, `${report.correctness.passed} of ${report.correctness.total} cases correct`],
    ['Speed', report.points.speed, weights?.speed, report.performance.speedup === null ? 'not measured' : `${formatSpeedup(report.performance.speedup)} faster than the baseline (full points at ${report.performance.targetSpeedup}×)`],
    ['Memory', report.points.memory, weights?.memory, report.memory.peakBytes === null ? 'not measured' : `peak ${formatBytes(report.memory.peakBytes)}${report.memory.baselinePeakBytes ? ` (baseline ${formatBytes(report.memory.baselinePeakBytes)})` : ''}`],
  ];
  return html`<section class="card" aria-labelledby="result-heading">
<div class="verdict-head"><h2 id="result-heading">${verdictBadge(submission.status, report.verdict)}</h2>
<p class="score" aria-label="Score">${formatScore(submission.score, submission.maxScore || report.maxScore)}</p></div>
<p>${submission.message}</p>
${submission.queue ? html`<p class="notice">A regrade of this submission is under way; this result stays until it finishes.</p>` : null}
${report.status === 'graded'
  ? html`<div class="table-wrap" tabindex="0"><table>
<caption>Score breakdown</caption>
<thead><tr><th scope="col">Part</th><th scope="col" class="num">Points</th><th scope="col">Why</th></tr></thead>
<tbody>${parts.map(([part, points, max, why]) => html`<tr><th scope="row">${part}</th><td class="num">${significant(points, 3)}${max !== undefined ? ` / ${max}` : ''}</td><td>${why}</td></tr>`)}</tbody>
</table></div>`
  : null}
</section>`;
}

function errorCard(report: Report, source: string): Html {
  const error = report.error!;
  return html`<section class="card" aria-labelledby="error-heading">
<h2 id="error-heading">${report.verdict === 'rejected' ? 'Why your file was not graded' : 'The error'}</h2>
<p><strong>${error.message}</strong>${error.line ? html` — line ${error.line}` : null}</p>
${error.line ? sourceExcerpt(source, error.line, `Your code around line ${error.line}`) : null}
${error.traceback ? html`<h3>Traceback (your code only)</h3><pre tabindex="0"><code>${trimTraceback(error.traceback)}</code></pre>` : null}
</section>`;
}

/** Long tracebacks (deep recursion) keep their start and their end, which is where the answer is. */
function trimTraceback(traceback: string): string {
  const lines = traceback.replace(/\s+$/, '').split('\n');
  if (lines.length <= 40) return lines.join('\n');
  return [...lines.slice(0, 12), `  … ${lines.length - 36} lines left out …`, ...lines.slice(-24)].join('\n');
}

function casesCard(report: Report): Html {
  const timed = report.correctness.cases.some((c) => !c.hidden && c.timeMs !== undefined);
  const time = (c: CaseResult) => (timed ? html`<td class="num hide-narrow">${!c.hidden && c.timeMs !== undefined ? formatMs(c.timeMs) : '—'}</td>` : null);
  let hiddenNumber = 0;
  const rows = report.correctness.cases.map((c) => {
    if (c.hidden) {
      hiddenNumber++;
      return html`<tr><td>Hidden case ${hiddenNumber} <span class="muted">(hidden)</span></td><td>${verdictBadge('graded', c.verdict)}</td><td class="muted">Only the verdict of a hidden case is shown.</td>${time(c)}</tr>`;
    }
    return html`<tr><td>${c.name}</td><td>${verdictBadge('graded', c.verdict)}</td><td>${c.message}</td>${time(c)}</tr>`;
  });
  return html`<section class="card" aria-labelledby="cases-heading">
<h2 id="cases-heading">Correctness: ${report.correctness.passed} of ${report.correctness.total} cases</h2>
<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Case</th><th scope="col">Verdict</th><th scope="col">Details</th>${timed ? html`<th scope="col" class="num hide-narrow">Time</th>` : null}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}

function performanceCard(report: Report): Html {
  const p = report.performance;
  const m = report.memory;
  const times: [string, number | null, 'baseline' | 'mine' | 'reference'][] = [
    ['Baseline', p.baselineMs, 'baseline'],
    ['Yours', p.submissionMs, 'mine'],
    ['Reference', p.referenceMs, 'reference'],
  ];
  const target = p.baselineMs !== null ? p.baselineMs / p.targetSpeedup : null;
  const timeChart = barChart({
    id: 'time-chart',
    title: `Time per call: baseline, yours and the reference (log scale)`,
    description: `${times.map(([label, ms]) => `${label}: ${ms === null ? 'not measured' : formatMs(ms)}`).join('; ')}. Your speedup: ${formatSpeedup(p.speedup!)}.${target !== null ? ` Full speed points at ${formatMs(target)} (${p.targetSpeedup}×).` : ''}`,
    bars: times.map(([label, value, tone]) => ({ label, value, tone })),
    scale: 'log',
    format: formatMs,
    axisLabel: `${p.timing === 'cpu' ? 'CPU' : 'wall'} time per call, log scale (shorter is faster)`,
    ...(target !== null ? { marker: { value: target, label: `full points (${p.targetSpeedup}×)` } } : {}),
  });
  const peaks: [string, number | null, 'baseline' | 'mine' | 'reference'][] = [
    ['Baseline', m.baselinePeakBytes, 'baseline'],
    ['Yours', m.peakBytes, 'mine'],
    ['Reference', m.referencePeakBytes, 'reference'],
  ];
  const memoryChart = barChart({
    id: 'memory-chart',
    title: 'Peak memory: baseline, yours and the reference',
    description: peaks.map(([label, bytes]) => `${label}: ${bytes === null ? 'not measured' : formatBytes(bytes)}`).join('; '),
    bars: peaks.map(([label, value, tone]) => ({ label, value, tone })),
    scale: 'linear',
    format: formatBytes,
    tickUnit: byteUnit(Math.max(0, ...peaks.map(([, bytes]) => bytes ?? 0))),
    axisLabel: 'peak memory of every process during one call',
  });
  return html`<section class="card" aria-labelledby="speed-heading">
<h2 id="speed-heading">Speed and memory</h2>
<div class="figure-row">
<div class="figure"><div class="value">${formatSpeedup(p.speedup!)}</div><div class="label">faster than the baseline</div></div>
${p.referenceSpeedup !== null ? html`<div class="figure"><div class="value">${formatSpeedup(p.referenceSpeedup)}</div><div class="label">the reference solution</div></div>` : null}
${p.cv !== null ? html`<div class="figure"><div class="value">± ${formatPercent(p.cv)}</div><div class="label">spread over ${p.rounds} rounds</div></div>` : null}
${m.peakBytes !== null ? html`<div class="figure"><div class="value">${formatBytes(m.peakBytes)}</div><div class="label">your peak memory</div></div>` : null}
</div>
<div class="charts">
<figure><figcaption>Time per call</figcaption>${timeChart}</figure>
<figure><figcaption>Peak memory</figcaption>${memoryChart}</figure>
</div>
</section>`;
}

function warningsCard(warnings: string[]): Html {
  return html`<section class="card" aria-labelledby="notes-heading">
<h2 id="notes-heading">Notes from the grader</h2>
<ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>
</section>`;
}
