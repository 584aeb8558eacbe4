import { html, type Html } from '../html/html.js';
import { TOKEN_FIELD } from '../csrf/form-token.js';
import { layout } from '../html/layout.js';

export interface LoginPageModel {
  /** Where to go after logging in (a path on this site). */
  next: string;
  email?: string;
  error?: string;
  notice?: string;
}

export function loginPage(model: LoginPageModel): Html {
  return layout({
    title: 'Log in',
    body: html`<div class="card form-narrow">
<h1>Log in</h1>
<p class="lead">Submit your solutions and see how fast they are.</p>
${model.notice ? html`<div class="notice good" role="status">${model.notice}</div>` : null}
${model.error ? html`<div class="notice bad" role="alert" id="login-error">${model.error}</div>` : null}
<form method="post" action="/login">
${TOKEN_FIELD}
<input type="hidden" name="next" value="${model.next}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${model.email ?? ''}"${model.error ? html` aria-describedby="login-error"` : null} autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="actions"><button type="submit">Log in</button></p>
</form>
<p class="hint">No password yet? Use the invitation link your instructor sent you.</p>
</div>`,
  });
}

export interface InvitationPageModel {
  token: string;
  error?: string;
}

export function invitationPage(model: InvitationPageModel): Html {
  return layout({
    title: 'Choose your password',
    body: html`<div class="card form-narrow">
<h1>Choose your password</h1>
<p class="lead">You were invited to perfgrade. Choose a password of at least 10 characters; you will be logged in.</p>
${model.error ? html`<div class="notice bad" role="alert" id="invitation-error">${model.error}</div>` : null}
<form method="post" action="/invitation">
${TOKEN_FIELD}
<input type="hidden" name="token" value="${model.token}">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-hint">
<p class="hint" id="password-hint">At least 10 characters. A few unrelated words are easy to remember and hard to guess.</p>
<p class="actions"><button type="submit">Set password and log in</button></p>
</form>
</div>`,
  });
}
