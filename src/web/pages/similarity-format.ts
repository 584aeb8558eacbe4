import type { SimilarPairDto, SubmissionRefDto } from '../../similarity/dto/similarity.dto.js';
import { html, type Html } from '../html/html.js';
import { dateTime } from './partials.js';

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** "Ada Lovelace, #3" linking to the submission. */
export function submissionLink(ref: SubmissionRefDto): Html {
  return html`<a href="/submissions/${ref.id}">${ref.name}</a> <span class="muted small">#${ref.attempt} · ${dateTime(ref.createdAt)}</span>`;
}

export function pairHref(slug: string, pair: { left: { id: string }; right: { id: string } }): string {
  return `/instructor/assignments/${encodeURIComponent(slug)}/similarity/pairs/${pair.left.id}/${pair.right.id}`;
}

/** Flag and review, in words (the colour is never the only signal). */
export function pairBadges(pair: Pick<SimilarPairDto, 'flagged' | 'review'>): Html {
  return html`${pair.flagged ? html`<span class="badge bad">similar</span>` : html`<span class="badge neutral">below threshold</span>`}${pair.review
    ? html` <span class="badge ${pair.review.status === 'suspicious' ? 'bad' : 'good'}">${pair.review.status}</span>`
    : null}`;
}

export function longestText(pair: Pick<SimilarPairDto, 'longest' | 'longestLines'>): string {
  return pair.longest === 0 ? '—' : `${pair.longestLines} line${pair.longestLines === 1 ? '' : 's'} (${pair.longest} k-grams)`;
}
