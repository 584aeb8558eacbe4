import { timeLeft } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { AssignmentsPageModel } from '../student-pages.service.js';
import { dateTime, scoreText } from './partials.js';

export function assignmentsPage(model: AssignmentsPageModel): Html {
  const items = model.assignments.map(({ assignment: a, attempts }) => {
    const deadline = a.policy.deadline;
    return html`<li class="card assignment-item">
<h2><a href="/assignments/${a.slug}">${a.title}</a></h2>
<dl class="facts">
<dt>Topic</dt><dd>${a.topic}</dd>
<dt>Deadline</dt><dd>${deadline ? html`${dateTime(deadline)} <span class="muted">(${timeLeft(deadline, model.now)})</span>` : 'none'}</dd>
<dt>Attempts used</dt><dd>${attempts.used}${a.policy.maxAttempts ? ` of ${a.policy.maxAttempts}` : ''}</dd>
<dt>My best score</dt><dd>${attempts.best ? html`<a href="/submissions/${attempts.best.id}">${scoreText(attempts.best)}</a>` : html`<span class="muted">no result yet</span>`}</dd>
</dl>
</li>`;
  });
  return layout({
    title: 'Assignments',
    caller: model.caller,
    section: 'assignments',
    body: html`<h1>Assignments</h1>
<p class="lead">Make the slow code fast without changing its answers. Each assignment says how it is graded.</p>
${items.length ? html`<ul class="plain-list grid">${items}</ul>` : html`<p class="notice">There are no open assignments right now.</p>`}`,
  });
}
