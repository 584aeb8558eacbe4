import type { SubmissionDto } from '../../submissions/submission.dto.js';
import { html, type Html } from '../html/html.js';

/** The steps of a grade, in order, as the event stream names them (`queued`, then the grader's phases). */
const STEPS: [phase: string, label: string][] = [
  ['queued', 'In the queue'],
  ['preparing', 'Preparing'],
  ['checking', 'Checking correctness'],
  ['measuring', 'Measuring speed'],
  ['memory', 'Measuring memory'],
  ['profiling', 'Profiling'],
  ['scoring', 'Scoring'],
  ['done', 'Done'],
];

/** Seconds between reloads when the page cannot follow the event stream (no JavaScript). */
export const REFRESH_S = 3;

/**
 * Where the grade is now, from the submission's queue standing; the page script then follows the event stream
 * (GET /api/submissions/:id/events) and updates the same elements, and reloads the page when it is done.
 */
export function progressCard(submission: SubmissionDto): Html {
  const queue = submission.queue;
  const progress = queue?.state === 'running' ? queue.progress : undefined;
  const phase = queue?.state === 'running' ? (progress?.phase ?? 'preparing') : 'queued';
  const message =
    phase === 'queued'
      ? queue?.position === 1
        ? 'In the queue: you are next.'
        : `In the queue${queue?.position ? `: number ${queue.position}` : ''}.`
      : capitalised(progress?.message ?? 'Preparing the sandbox');
  const at = STEPS.findIndex(([p]) => p === phase);
  return html`<section class="card progress-card" aria-labelledby="progress-heading" data-events="/api/submissions/${submission.id}/events" data-phase="${phase}">
<h2 id="progress-heading">Grading your submission</h2>
<p class="progress-message" role="status" aria-live="polite">${message}</p>
${progress?.step !== undefined && progress.of ? html`<progress max="${progress.of}" value="${progress.step}" aria-label="Progress of this step"></progress>` : html`<progress aria-label="Progress of this step"></progress>`}
<ol aria-label="Steps of grading">
${STEPS.map(([p, label], i) => html`<li data-phase="${p}" class="${i < at ? 'done' : i === at ? 'current' : ''}"${i === at ? html` aria-current="step"` : null}>${label}</li>`)}
</ol>
<noscript><p class="hint">This page reloads itself every ${REFRESH_S} seconds until your result is ready.</p></noscript>
<p class="hint">You may leave this page: grading goes on, and the result will be in your history.</p>
</section>`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
