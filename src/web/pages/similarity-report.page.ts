import type { Caller } from '../../accounts/caller.js';
import type { SimilarityReportDto, SimilarityRunDto } from '../../similarity/dto/similarity.dto.js';
import { describeBins, histogram } from '../charts/histogram.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import { dateTime } from './partials.js';
import { longestText, pairBadges, pairHref, percent, submissionLink } from './similarity-format.js';

const PHASES: Record<string, string> = {
  collecting: 'Collecting the submissions',
  fingerprinting: 'Fingerprinting new submissions',
  comparing: 'Comparing every pair',
  saving: 'Saving the results',
};

export interface ReportPageOptions {
  sort: 'similarity' | 'longest';
  started?: boolean;
}

export function similarityReportPage(report: SimilarityReportDto, caller: Caller, options: ReportPageOptions): Html {
  const base = `/instructor/assignments/${encodeURIComponent(report.assignment)}`;
  return layout({
    title: `Similarity: ${report.title}`,
    caller,
    section: 'instructor',
    // While an analysis runs the page follows it by reloading itself (with or without JavaScript).
    head: report.pending ? html`<meta http-equiv="refresh" content="3">` : null,
    crumbs: [{ label: 'Instructor', href: '/instructor' }, { label: report.title, href: base }, { label: 'Similarity' }],
    body: html`<h1>Similarity${html` `}<span class="muted small">of ${report.title}</span></h1>
<p class="lead">Each submission is parsed as Python and cut into k-grams of syntax-node kinds (names, values and comments do not count), winnowed into fingerprints and compared with every other student's. Code from the baseline every student got is left out. A pair is marked <strong>similar</strong> when it shares at least ${percent(report.thresholds.similarity)} of the two files' own code and one shared stretch of at least ${report.thresholds.longestKgrams} k-grams. Students never see any of this.</p>
${options.started && report.pending ? html`<p class="notice good" role="status">The analysis was queued; this page follows it.</p>` : null}
${runControls(report, base)}
${report.pending ? pendingCard(report.pending) : null}
${report.failed ? html`<p class="notice bad" role="alert">The analysis of ${dateTime(report.failed.createdAt)} failed: ${report.failed.error ?? 'unknown error'}. Run it again; if it fails again, the server log has the details.</p>` : null}
${report.run ? results(report, base, options) : html`<p class="card muted">No analysis yet. Run one to compare the submissions.</p>`}`,
  });
}

function runControls(report: SimilarityReportDto, base: string): Html {
  return html`<form class="card" method="post" action="${base}/similarity/runs" aria-labelledby="run-heading">${TOKEN_FIELD}
<h2 id="run-heading">${report.run ? 'Run the analysis again' : 'Run the analysis'}</h2>
<fieldset><legend>Compare</legend>
<label class="inline"><input type="radio" name="scope" value="latest" checked> each student's latest counted submission</label>
<label class="inline"><input type="radio" name="scope" value="all"> every submission (a student's own attempts are not compared with each other)</label>
</fieldset>
<p class="hint">Only submissions not seen before are fingerprinted again. New submissions also start a new analysis by themselves a minute after they arrive.</p>
<button type="submit">Run the analysis</button>
</form>`;
}

function pendingCard(run: SimilarityRunDto): Html {
  const progress = run.progress;
  const text = run.state === 'queued' ? 'Waiting for the similarity worker…' : `${PHASES[progress?.phase ?? 'collecting']}${progress?.total ? ` (${progress.done} of ${progress.total})` : ''}…`;
  return html`<section class="card" aria-labelledby="pending-heading">
<h2 id="pending-heading">Analysis in progress</h2>
<p role="status" aria-live="polite">${text}</p>
${progress?.total ? html`<progress max="${progress.total}" value="${progress.done}" aria-label="Progress of this step"></progress>` : html`<progress aria-label="Progress"></progress>`}
</section>`;
}

function results(report: SimilarityReportDto, base: string, options: ReportPageOptions): Html {
  const run = report.run!;
  const summary = run.summary!;
  const bins = report.histogram.map((bin) => ({ label: `${Math.round(bin.from * 100)}–${Math.round(bin.to * 100)} %`, count: bin.count }));
  const chart = histogram({
    id: 'similarity-histogram',
    title: `Similarity of the ${summary.comparedPairs} pairs of submissions`,
    description: describeBins(bins, 'pair'),
    bins,
    edges: report.histogram.map((bin) => `${Math.round(bin.from * 100)}`).concat('100'),
    unit: 'pair',
    axisLabel: 'similarity of the pair (%)',
  });
  return html`<div class="figure-row card">
<div class="figure"><div class="value">${summary.submissions}</div><div class="label">submissions compared (${run.scope === 'all' ? 'every submission' : 'latest of each student'})</div></div>
<div class="figure"><div class="value">${summary.flaggedPairs}</div><div class="label">similar pairs of ${summary.comparedPairs}</div></div>
<div class="figure"><div class="value">${report.clusters.length}</div><div class="label">clusters of three or more</div></div>
<div class="figure"><div class="value">${(summary.durationMs / 1000).toFixed(1)} s</div><div class="label">${summary.fingerprinted} fingerprinted, ${summary.reused} from the cache</div></div>
</div>
<p class="muted small">Analysed ${dateTime(run.finishedAt ?? run.createdAt)}${run.requestedBy ? ` at the request of ${run.requestedBy}` : ' after new submissions arrived'} · ${report.fingerprints}</p>
<div class="charts"><figure class="card"><figcaption>Pairwise similarity</figcaption>${chart}</figure></div>
${clusters(report)}
${pairsTable(report, base, options)}`;
}

function clusters(report: SimilarityReportDto): Html {
  if (report.clusters.length === 0) return html`<section class="card" aria-labelledby="clusters-heading"><h2 id="clusters-heading">Clusters</h2><p class="muted">No three or more submissions are joined by similar pairs.</p></section>`;
  return html`<section class="card" aria-labelledby="clusters-heading">
<h2 id="clusters-heading">Clusters</h2>
<p class="hint">Submissions joined by similar pairs, directly or through each other.</p>
<ol class="clusters">${report.clusters.map(
    (cluster) => html`<li><strong>${cluster.submissions.length} submissions</strong>, ${cluster.pairs} similar pairs, up to ${percent(cluster.maxSimilarity)}:
<ul class="plain-list small">${cluster.submissions.map((ref) => html`<li>${submissionLink(ref)}</li>`)}</ul></li>`,
  )}</ol>
</section>`;
}

function pairsTable(report: SimilarityReportDto, base: string, options: ReportPageOptions): Html {
  const sortLink = (sort: 'similarity' | 'longest', label: string) =>
    options.sort === sort ? html`<strong aria-current="true">${label}</strong>` : html`<a href="${base}/similarity${sort === 'longest' ? '?sort=longest' : ''}">${label}</a>`;
  return html`<section class="card" aria-labelledby="pairs-heading">
<h2 id="pairs-heading">Pairs</h2>
<p class="small">Ranked by ${sortLink('similarity', 'similarity')} · ${sortLink('longest', 'longest shared fragment')}. Listed: every pair over ${percent(0.3)} or marked similar, and each submission's closest three.</p>
${report.pairs.length
  ? html`<div class="table-wrap"><table class="similarity-pairs">
<thead><tr><th scope="col" class="num">#</th><th scope="col">Submission</th><th scope="col">Submission</th><th scope="col" class="num">Similarity</th><th scope="col" class="num">Longest shared</th><th scope="col">Status</th><th scope="col">Compare</th></tr></thead>
<tbody>${report.pairs.map(
      (pair, i) => html`<tr${pair.flagged ? html` class="flagged"` : null}><td class="num">${i + 1}</td><td>${submissionLink(pair.left)}</td><td>${submissionLink(pair.right)}</td>
<td class="num">${percent(pair.similarity)}</td><td class="num">${longestText(pair)}</td><td>${pairBadges(pair)}</td>
<td><a href="${pairHref(report.assignment, pair)}">side by side<span class="visually-hidden">: ${pair.left.name} and ${pair.right.name}</span></a></td></tr>`,
    )}</tbody></table></div>`
  : html`<p class="muted">No two submissions share any code of their own.</p>`}
</section>`;
}
