import { formatPercent, formatSpeedup } from '../html/format.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { LeaderboardPageModel } from '../leaderboard/leaderboard.service.js';

export function leaderboardPage(model: LeaderboardPageModel): Html {
  const optIn = model.myName
    ? html`<p>You appear as <strong>${model.myName}</strong> on every leaderboard.</p>
<form method="post" action="/leaderboard/leave">${TOKEN_FIELD}<input type="hidden" name="slug" value="${model.slug}"><button type="submit" class="secondary">Leave the leaderboards</button></form>`
    : html`<p>You are not on the leaderboards. If you join, your fastest correct submission is shown under a made-up name; nobody sees your real name. You can leave at any time.</p>
<form method="post" action="/leaderboard/join">${TOKEN_FIELD}<input type="hidden" name="slug" value="${model.slug}"><button type="submit">Join under a pseudonym</button></form>`;
  const table = model.rows.length
    ? html`<div class="table-wrap" tabindex="0"><table class="leaderboard">
<caption>Fastest correct submissions</caption>
<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Pseudonym</th><th scope="col" class="num">Speedup</th><th scope="col" class="num">Noise</th></tr></thead>
<tbody>${model.rows.map(
        ({ rank, tied, entry }) => html`<tr${entry.mine ? html` class="me"` : null}>
<td class="num">${tied ? html`<abbr title="tied: within the measurement noise">=${rank}</abbr>` : rank}</td>
<td>${entry.pseudonym}${entry.mine ? ' (you)' : ''}</td>
<td class="num">${formatSpeedup(entry.speedup)}</td>
<td class="num">${entry.cv !== null ? `± ${formatPercent(entry.cv)}` : '—'}</td></tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="notice">Nobody is on this leaderboard yet: it lists students who joined and have a correct submission.</p>`;
  return layout({
    title: `Leaderboard: ${model.title}`,
    caller: model.caller,
    section: 'assignments',
    crumbs: [{ label: 'Assignments', href: '/assignments' }, { label: model.title, href: `/assignments/${model.slug}` }, { label: 'Leaderboard' }],
    body: html`<h1>Leaderboard</h1>
<p class="lead">${model.title}: speedup over the baseline of each student's fastest correct submission. Speedups within each other's measurement noise share a rank (shown as “=”).</p>
<section class="card" aria-label="Taking part">${optIn}</section>
${table}`,
  });
}
