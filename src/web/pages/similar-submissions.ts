import type { SimilarSubmissionDto } from '../../similarity/dto/similarity.dto.js';
import { formatScore } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { pairBadges, percent, submissionLink } from './similarity-format.js';

/** On a submission's page, for staff only: the closest other submissions in the latest similarity analysis. */
export function similarSubmissionsSection(similar: readonly SimilarSubmissionDto[], slug: string): Html {
  return html`<section class="card" aria-labelledby="similar-heading">
<h2 id="similar-heading">Most similar submissions <span class="muted small">(instructors only)</span></h2>
${similar.length
  ? html`<div class="table-wrap"><table>
<thead><tr><th scope="col">Submission</th><th scope="col" class="num">Similarity</th><th scope="col" class="num">Score</th><th scope="col">Status</th><th scope="col">Compare</th></tr></thead>
<tbody>${similar.map(
      (s) => html`<tr><td>${submissionLink(s.submission)}</td><td class="num">${percent(s.similarity)}</td><td class="num">${formatScore(s.submission.score, s.submission.maxScore)}</td>
<td>${pairBadges({ flagged: s.flagged, review: null })}</td><td><a href="${s.href}">side by side</a></td></tr>`,
    )}</tbody></table></div>`
  : html`<p class="muted">Not compared yet, or like no other submission.</p>`}
<p class="small"><a href="/instructor/assignments/${encodeURIComponent(slug)}/similarity">Similarity report of this assignment</a></p>
</section>`;
}
