import type { Caller } from '../../accounts/caller.js';
import type { PairDetailDto } from '../../similarity/dto/similarity.dto.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import { dateTime } from './partials.js';
import { markedListing } from './marked-listing.js';
import { longestText, pairBadges, pairHref, percent, submissionLink } from './similarity-format.js';

export interface PairPageModel {
  caller: Caller;
  pair: PairDetailDto;
  saved: boolean;
}

export function similarityPairPage(model: PairPageModel): Html {
  const { pair } = model;
  const slug = pair.assignment;
  const base = `/instructor/assignments/${encodeURIComponent(slug)}`;
  const lines = (r: [number, number, number, number]) => (r[0] === r[2] ? `line ${r[0] + 1}` : `lines ${r[0] + 1}–${r[2] + 1}`);
  return layout({
    title: `${pair.left.name} and ${pair.right.name}: side by side`,
    caller: model.caller,
    section: 'instructor',
    crumbs: [
      { label: 'Instructor', href: '/instructor' },
      { label: pair.title, href: base },
      { label: 'Similarity', href: `${base}/similarity` },
      { label: `${pair.left.name} and ${pair.right.name}` },
    ],
    body: html`<h1>${pair.left.name} and ${pair.right.name}</h1>
<p class="lead">${percent(pair.similarity)} similar · longest shared fragment ${longestText(pair)} · ${pair.fragments.length} shared fragment${pair.fragments.length === 1 ? '' : 's'} · ${pairBadges(pair)}</p>
${model.saved ? html`<p class="notice good" role="status">Your review was saved.</p>` : null}
${reviewForm(model)}
<section class="card" aria-labelledby="fragments-heading">
<h2 id="fragments-heading">Shared fragments</h2>
${pair.fragments.length
  ? html`<div class="table-wrap"><table>
<thead><tr><th scope="col" class="num">Fragment</th><th scope="col">${pair.left.name}</th><th scope="col">${pair.right.name}</th><th scope="col" class="num">k-grams</th></tr></thead>
<tbody>${pair.fragments.map(
      (f, i) => html`<tr><td class="num"><span class="frag-swatch frag-${i % 6}" aria-hidden="true"></span>${i + 1}</td><td><a href="#left-frag-${i + 1}">${lines(f.left)}</a></td><td><a href="#right-frag-${i + 1}">${lines(f.right)}</a></td><td class="num">${f.length}</td></tr>`,
    )}</tbody></table></div>`
  : html`<p class="muted">These two files share no code of their own (code from the baseline does not count).</p>`}
</section>
<div class="side-by-side">
<section aria-labelledby="left-heading"><h2 id="left-heading">${submissionLink(pair.left)}</h2>
${markedListing(pair.leftSource, pair.fragments.map((f, i) => ({ fragment: i + 1, region: f.left })), 'left', `${pair.left.filename} by ${pair.left.name}`)}</section>
<section aria-labelledby="right-heading"><h2 id="right-heading">${submissionLink(pair.right)}</h2>
${markedListing(pair.rightSource, pair.fragments.map((f, i) => ({ fragment: i + 1, region: f.right })), 'right', `${pair.right.filename} by ${pair.right.name}`)}</section>
</div>`,
  });
}

function reviewForm(model: PairPageModel): Html {
  const { pair } = model;
  const checked = (status: string) => (pair.review?.status === status ? html` checked` : null);
  return html`<form class="card" method="post" action="${pairHref(pair.assignment, pair)}/review" aria-labelledby="review-heading">${TOKEN_FIELD}
<h2 id="review-heading">Review</h2>
${pair.review ? html`<p class="small muted">Marked ${pair.review.status}${pair.review.reviewedBy ? ` by ${pair.review.reviewedBy}` : ''} ${dateTime(pair.review.updatedAt)}.</p>` : null}
<fieldset><legend>This pair is</legend>
<label class="inline"><input type="radio" name="status" value="reviewed" required${checked('reviewed')}> reviewed: nothing to follow up</label>
<label class="inline"><input type="radio" name="status" value="suspicious"${checked('suspicious')}> suspicious: to follow up</label>
</fieldset>
<label for="review-note">Note</label>
<textarea id="review-note" name="note" maxlength="2000" rows="3">${pair.review?.note ?? ''}</textarea>
<p class="actions"><button type="submit">Save the review</button></p>
</form>`;
}
