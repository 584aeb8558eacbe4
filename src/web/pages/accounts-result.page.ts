import type { Caller } from '../../accounts/caller.js';
import type { CreatedUserDto } from '../../accounts/users.dto.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';

export interface AccountsResultModel {
  caller: Caller;
  created: CreatedUserDto[];
  /** Emails that already had an account (left unchanged). */
  existing: string[];
  back: string;
}

/** After adding students: who was created, and the invitation links to send them (shown only this once). */
export function accountsResultPage(model: AccountsResultModel): Html {
  const invited = model.created.filter((c) => c.invitation);
  return layout({
    title: 'Students added',
    caller: model.caller,
    section: 'instructor',
    crumbs: [{ label: 'Instructor', href: '/instructor' }, { label: 'Students added' }],
    body: html`<h1>${model.created.length} student account${model.created.length === 1 ? '' : 's'} created</h1>
${model.existing.length ? html`<p class="notice">Already had an account, left unchanged: ${model.existing.join(', ')}.</p>` : null}
${invited.length
  ? html`<p class="notice warn">Send each student their invitation link now: it is shown only on this page. A link works once and lets the student choose a password.</p>
<div class="table-wrap" tabindex="0"><table>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Invitation link</th><th scope="col">Valid until</th></tr></thead>
<tbody>${invited.map(
      (c) => html`<tr><td>${c.user.name}</td><td>${c.user.email}</td><td><code class="small">${c.invitation!.url}</code></td><td>${c.invitation!.expiresAt.slice(0, 10)}</td></tr>`,
    )}</tbody></table></div>`
  : model.created.length
    ? html`<p>${model.created.map((c) => c.user.email).join(', ')} can log in with the password you set.</p>`
    : null}
<p class="actions"><a class="button" href="${model.back}">Back</a></p>`,
  });
}
