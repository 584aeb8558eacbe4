import type { Caller } from '../../accounts/caller.js';
import { html, type Html } from '../html/html.js';
import { layout } from '../html/layout.js';

export interface ErrorPageModel {
  status: number;
  /** Written for the person who caused it: what was wrong and what to do (never a stack trace). */
  message: string;
  caller?: Caller | null;
  /** A page of this site to go back to (e.g. the form that was sent). */
  back?: string;
}

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible now',
  410: 'No longer available',
  413: 'Too large',
  422: 'This file cannot be graded',
  429: 'Please wait a moment',
};

export function errorPage(model: ErrorPageModel): Html {
  const ours = model.status >= 500;
  const title = ours ? 'Something went wrong on our side' : (TITLES[model.status] ?? 'That did not work');
  const next = ours
    ? 'Nothing you did caused this. Try again in a minute; if it keeps happening, tell your instructor what you were doing.'
    : model.status === 404
      ? 'Check the address, or start again from your assignments.'
      : model.status === 403
        ? 'If you think you should be allowed, ask your instructor.'
        : null;
  return layout({
    title,
    caller: model.caller,
    body: html`<h1>${title}</h1>
<div class="notice ${ours ? 'warn' : 'bad'}" role="alert"><p>${model.message}</p>${next ? html`<p>${next}</p>` : null}</div>
<p class="actions">${model.back ? html`<a class="button" href="${model.back}">Go back</a>` : null}<a class="button secondary" href="/">Your assignments</a></p>
<p class="muted small">Error ${model.status}</p>`,
  });
}
