import { formatProblem } from '../../assignments/assignment.errors.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { InstructorHomeModel } from '../instructor-pages.service.js';
import { accountForms } from './account-forms.js';
import { dateTime } from './partials.js';

export function instructorHomePage(model: InstructorHomeModel): Html {
  return layout({
    title: 'Instructor',
    caller: model.caller,
    section: 'instructor',
    body: html`<h1>Instructor</h1>
${model.invalid.length ? invalidCard(model) : null}
<section class="card" aria-labelledby="assignments-heading">
<h2 id="assignments-heading">Assignments</h2>
<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Assignment</th><th scope="col">Topic</th><th scope="col">Deadline</th><th scope="col" class="num">Submissions</th><th scope="col">State</th></tr></thead>
<tbody>${model.assignments.map(
      ({ summary, submissions, pending }) => html`<tr><td><a href="/instructor/assignments/${summary.slug}">${summary.title}</a></td><td>${summary.topic}</td>
<td>${summary.deadline ? dateTime(summary.deadline) : '—'}</td><td class="num">${submissions}${pending ? html` <span class="muted">(${pending} pending)</span>` : null}</td>
<td>${summary.available ? 'open' : html`<span class="badge bad">closed</span>`}</td></tr>`,
    )}</tbody>
</table></div>
</section>
<section class="card" aria-labelledby="lms-heading">
<h2 id="lms-heading">LMS integration</h2>
<p><a href="/instructor/webhooks">Webhooks</a>: the endpoints grades are sent to, each delivery's outcome, and replaying failed ones.</p>
</section>
${accountForms('/instructor')}`,
  });
}

function invalidCard(model: InstructorHomeModel): Html {
  return html`<section class="card" aria-labelledby="invalid-heading">
<h2 id="invalid-heading">Assignments that did not load</h2>
<p class="notice bad">These folders failed validation when the server started, so students cannot see them. Fix each problem, check with <code>npm run assignments -- validate</code>, then restart the server.</p>
${model.invalid.map(
  (invalid) => html`<h3><code>${invalid.slug}</code></h3><ul>${invalid.problems.map((problem) => html`<li><code>${formatProblem(problem)}</code></li>`)}</ul>`,
)}
</section>`;
}
