import { html, type Html } from '../html/html.js';
import { TOKEN_FIELD, TOKEN_PARAM } from '../csrf/form-token.js';

/** Adding one student, and importing a roster: on the instructor pages, working without JavaScript. */
export function accountForms(back: string): Html {
  return html`<section class="card" aria-labelledby="accounts-heading">
<h2 id="accounts-heading">Add students</h2>
<div class="grid">
<form method="post" action="/instructor/students" aria-labelledby="add-heading">
${TOKEN_FIELD}
<h3 id="add-heading">Add a student</h3>
<input type="hidden" name="back" value="${back}">
<label for="student-name">Name</label>
<input id="student-name" name="name" type="text" required maxlength="200" autocomplete="off">
<label for="student-email">Email</label>
<input id="student-email" name="email" type="email" required maxlength="254" autocomplete="off">
<label for="student-password">Password <span class="muted">(optional)</span></label>
<input id="student-password" name="password" type="password" minlength="10" autocomplete="new-password" aria-describedby="student-password-hint">
<p class="hint" id="student-password-hint">Leave it empty to get an invitation link the student opens to choose a password.</p>
<p class="actions"><button type="submit">Add the student</button></p>
</form>
<form method="post" action="/instructor/roster?back=${encodeURIComponent(back)}&amp;${TOKEN_PARAM}" enctype="multipart/form-data" aria-labelledby="roster-heading">
<h3 id="roster-heading">Import a roster</h3>
<label for="roster-file">Roster (CSV file)</label>
<input id="roster-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="roster-hint">
<p class="hint" id="roster-hint">A header row <code>email,name,role</code> (role optional, student by default). Existing accounts are left as they are; if one line is wrong, nobody is imported and every problem is listed.</p>
<p class="actions"><button type="submit">Import</button></p>
</form>
</div>
</section>`;
}
