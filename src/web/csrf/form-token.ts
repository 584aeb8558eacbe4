import type { Request } from 'express';
import { trusted, type Html } from '../html/html.js';

/**
 * Where a form's CSRF token goes. Pages stay pure functions of their view models: they mark the place, and
 * the page is given the session's token as it is sent (`fillFormTokens`). Both marks end in a quote, which
 * escaped text never contains, so only markup written here can ask for the token.
 */
export const TOKEN_FIELD: Html = trusted('<input type="hidden" name="_csrf" value="">');

/** For a multipart form's action: its body is read only after the check, so the token travels in the address. */
export const TOKEN_PARAM = '_csrf=';

const MARKS = /(<input type="hidden" name="_csrf" value=)""|([?&](?:amp;)?_csrf=)"/g;

export function fillFormTokens(markup: string, request: Request): string {
  if (!markup.includes('_csrf')) return markup;
  let token: string | undefined;
  return markup.replace(MARKS, (_, field: string | undefined, param: string | undefined) => {
    token ??= request.csrfToken?.() ?? '';
    return field ? `${field}"${token}"` : `${param}${token}"`;
  });
}
