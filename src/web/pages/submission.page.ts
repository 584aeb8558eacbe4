import { html, trusted, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import type { SubmissionPageModel } from '../student-pages.service.js';
import { dateTime } from './partials.js';
import { similarSubmissionsSection } from './similar-submissions.js';
import { progressCard, REFRESH_S } from './submission-progress.js';
import { resultSection } from './submission-result.js';

export function submissionPage(model: SubmissionPageModel): Html {
  const { submission, caller } = model;
  const pending = submission.status === 'queued' || submission.status === 'running';
  const someoneElses = submission.user.id !== caller.id;
  return layout({
    title: `${model.assignmentTitle}: submission ${submission.attempt}`,
    caller,
    section: 'assignments',
    // Without JavaScript the page follows the grade by reloading itself; with it, the event stream does.
    head: pending ? html`<noscript><meta http-equiv="refresh" content="${REFRESH_S}"></noscript>` : null,
    crumbs: [
      { label: 'Assignments', href: '/assignments' },
      { label: model.assignmentTitle, href: `/assignments/${submission.assignment}` },
      { label: `Submission ${submission.attempt}` },
    ],
    body: html`<h1>Submission ${submission.attempt}${trusted('&nbsp;')}<span class="muted small">to ${model.assignmentTitle}</span></h1>
<p class="lead">${someoneElses ? html`By ${submission.user.name} (${submission.user.email}) · ` : null}<code>${submission.filename}</code> · submitted ${dateTime(submission.createdAt)} · <a href="/submissions/${submission.id}/source">view the source</a></p>
${pending ? progressCard(submission) : resultSection(model)}
${model.similar ? similarSubmissionsSection(model.similar, submission.assignment) : null}
<p class="actions"><a class="button" href="/assignments/${submission.assignment}#submit">Submit again</a><a class="button secondary" href="/assignments/${submission.assignment}/history">History</a></p>`,
  });
}
