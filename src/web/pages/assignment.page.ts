import type { CaseSize } from '../../assignments/assignment.types.js';
import { MAX_SOURCE_BYTES } from '../../grading/source-check.js';
import type { AssignmentDetailDto } from '../../catalog/assignment.dto.js';
import { TOKEN_PARAM } from '../csrf/form-token.js';
import { formatPercent, timeLeft } from '../html/format.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';
import { renderMarkdown } from '../html/markdown.js';
import type { AssignmentPageModel } from '../student-pages.service.js';
import { dateTime, submissionsTable } from './partials.js';

export function assignmentPage(model: AssignmentPageModel): Html {
  const a = model.assignment;
  const used = model.mine.filter((s) => s.status !== 'error').length;
  const recent = model.mine.slice(-5).reverse();
  return layout({
    title: a.title,
    caller: model.caller,
    section: 'assignments',
    crumbs: [{ label: 'Assignments', href: '/assignments' }, { label: a.title }],
    body: html`<h1>${a.title}</h1>
<p class="lead">Topic: ${a.topic} · write <code>${a.function}</code>${a.policy.deadline ? html` · due ${dateTime(a.policy.deadline)} (${timeLeft(a.policy.deadline, model.now)})` : null}</p>
<p class="actions"><a class="button secondary" href="#submit">Submit a solution</a><a href="/assignments/${a.slug}/history">My history</a>${model.leaderboard ? html`<a href="/assignments/${a.slug}/leaderboard">Leaderboard</a>` : null}</p>
${recent.length ? submissionsTable(recent, `My latest submissions (${used} attempt${used === 1 ? '' : 's'} used)`, { speedup: true }) : null}
<section class="card description" aria-labelledby="description-heading">
<h2 id="description-heading" class="visually-hidden">Description</h2>
${renderMarkdown(withoutTitle(a.description, a.title), { headingOffset: 1 })}
</section>
${baselineCard(a)}
${scoringCard(a)}
${casesCard(a)}
${submitCard(a, used)}`,
  });
}

function baselineCard(a: AssignmentDetailDto): Html {
  return html`<section class="card" aria-labelledby="baseline-heading">
<h2 id="baseline-heading">The baseline: your starting point</h2>
<p>Your file must define <code>${a.function}</code> with the same arguments and the same answers — only faster.</p>
<div class="copy-row"><button type="button" class="secondary" data-copy="baseline-code" hidden>Copy the code</button><a class="button secondary" href="/assignments/${a.slug}/baseline.py" download>Download baseline.py</a></div>
<pre tabindex="0"><code id="baseline-code" class="language-python">${a.baseline}</code></pre>
</section>`;
}

function scoringCard(a: AssignmentDetailDto): Html {
  const { weights, speedTarget } = a.scoring;
  const l = a.limits;
  const late = a.policy.latePenalty;
  return html`<section class="card" aria-labelledby="scoring-heading">
<h2 id="scoring-heading">Limits and how it is scored</h2>
<div class="grid">
<div><h3>Score</h3><dl class="facts">
<dt>Correctness</dt><dd>${weights.correctness} points: every case, hidden ones too</dd>
<dt>Speed</dt><dd>${weights.speed} points: full at ${speedTarget}× faster than the baseline (${a.timing === 'cpu' ? 'CPU time' : 'wall time'})</dd>
<dt>Memory</dt><dd>${weights.memory} points: peak memory of every process during one call, against the baseline's</dd>
<dt>Speed measured on</dt><dd>${sizeText(a.benchmark.size)}, ${a.benchmark.rounds} rounds side by side with the baseline</dd>
</dl></div>
<div><h3>Limits per call</h3><dl class="facts">
<dt>Time</dt><dd>${l.wallTimeS} s wall clock, ${l.cpuTimeS} s CPU</dd>
<dt>Memory</dt><dd>${l.memoryMb} MB</dd>
<dt>CPU cores</dt><dd>${l.cores}</dd>
<dt>Processes</dt><dd>${l.processes}</dd>
<dt>Output</dt><dd>${l.outputKb} KB printed; ${l.diskMb} MB of files</dd>
<dt>Network</dt><dd>none</dd>
</dl></div>
<div><h3>Submissions</h3><dl class="facts">
<dt>Your grade</dt><dd>your ${a.policy.counts} graded submission</dd>
<dt>Attempts</dt><dd>${a.policy.maxAttempts ? `${a.policy.maxAttempts} at most` : 'unlimited'}</dd>
<dt>Between two</dt><dd>${a.policy.cooldownS > 0 ? `wait ${a.policy.cooldownS} s` : 'no wait'}</dd>
<dt>Late</dt><dd>${!a.policy.deadline ? 'no deadline' : late.perDay === 0 ? 'not accepted after the deadline' : `${formatPercent(late.perDay)} off per day late, at most ${formatPercent(late.max)}`}</dd>
</dl></div>
</div>
</section>`;
}

function casesCard(a: AssignmentDetailDto): Html {
  return html`<section class="card" aria-labelledby="cases-heading">
<h2 id="cases-heading">Test cases</h2>
<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Case</th><th scope="col">Input size</th><th scope="col" class="num">Seed</th></tr></thead>
<tbody>${a.cases.map((c) => html`<tr><td>${c.name}</td><td><code>${sizeText(c.size)}</code></td><td class="num">${c.seed}</td></tr>`)}</tbody>
</table></div>
${a.hiddenCases ? html`<p>and ${a.hiddenCases} hidden case${a.hiddenCases === 1 ? '' : 's'}: graded like the others, but you only see ${a.hiddenCases === 1 ? 'its' : 'their'} verdict.</p>` : null}
</section>`;
}

function submitCard(a: AssignmentDetailDto, used: number): Html {
  const left = a.policy.maxAttempts ? a.policy.maxAttempts - used : null;
  return html`<section class="card" id="submit" aria-labelledby="submit-heading">
<h2 id="submit-heading">Submit your solution</h2>
<p>${left === null ? 'Unlimited attempts.' : html`<strong>${Math.max(0, left)}</strong> of ${a.policy.maxAttempts} attempts left.`} Grading takes about a minute; you can watch it happen.</p>
<form method="post" action="/assignments/${a.slug}/submissions?${TOKEN_PARAM}" enctype="multipart/form-data">
<div class="dropzone" data-dropzone>
<label for="file">Your solution: one <code>.py</code> file</label>
<input type="file" id="file" name="file" accept=".py,text/x-python" aria-describedby="file-hint">
<p class="hint" id="file-hint">UTF-8 text, at most ${MAX_SOURCE_BYTES / 1024} KiB.<span data-drop-hint hidden> You can also drop the file here.</span></p>
<p class="chosen-file" aria-live="polite"></p>
</div>
<details>
<summary>Or paste your code instead</summary>
<label for="source">Your code</label>
<textarea id="source" name="source" spellcheck="false" autocapitalize="off" aria-describedby="source-hint"></textarea>
<p class="hint" id="source-hint">Used when no file is chosen.</p>
</details>
<p class="actions"><button type="submit">Submit for grading</button></p>
</form>
</section>`;
}

function sizeText(size: CaseSize): string {
  return Object.entries(size)
    .map(([key, value]) => `${key} = ${typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}`)
    .join(', ');
}

/** READMEs usually open with the assignment's title, which the page already shows as its heading. */
function withoutTitle(markdown: string, title: string): string {
  const first = /^\s*#\s+(.+?)\s*(?:\n|$)/.exec(markdown);
  return first && first[1].trim() === title.trim() ? markdown.slice(first[0].length) : markdown;
}
