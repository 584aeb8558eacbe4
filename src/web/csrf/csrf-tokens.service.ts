import { Injectable } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../../accounts/session-cookie.js';
import { DomainError } from '../../common/domain-error.js';
import { ConfigService } from '../../config/config.service.js';
import { isApiRequest } from '../web-exception.filter.js';

export const CSRF_COOKIE = 'perfgrade_csrf';
/** The form field (urlencoded forms) or query parameter (multipart forms) that carries the token. */
export const CSRF_FIELD = '_csrf';

const REFUSED =
  'This form could not be accepted: it was not sent from a page of perfgrade, or the page is too old (you logged in or out since). ' +
  'Go back, reload the page and send the form again.';

/**
 * Double-submit CSRF tokens (csrf-csrf) for the web forms, which a browser posts with the session cookie:
 * SameSite=Lax alone would leave them to the browser's goodwill. The token is signed and bound to the session
 * cookie, so a token from another session (or from before logging in) is refused. The JSON API is left out:
 * scripts send a bearer token, which no other site can make a browser send.
 */
@Injectable()
export class CsrfTokens {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(config: ConfigService) {
    this.csrf = doubleCsrf({
      getSecret: () => config.csrfSecret,
      getSessionIdentifier: (request) => sessionOf(request),
      cookieName: CSRF_COOKIE,
      // Lax like the session cookie: a strict cookie would be missing after a link from the LMS and a fresh one would be minted.
      cookieOptions: { sameSite: 'lax', secure: config.cookieSecure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (request) => tokenOf(request),
    });
  }

  /** Lets the page renderer put this session's token into its forms (`request.csrfToken()`, csrf-csrf's name). */
  readonly offer = (request: Request, response: Response, next: NextFunction): void => {
    request.csrfToken = () => this.csrf.generateCsrfToken(request, response);
    next();
  };

  /** Refuses a state-changing web request without the token of its session (after the body parsers ran). */
  readonly check = (request: Request, _response: Response, next: NextFunction): void => {
    if (needsToken(request) && !this.csrf.validateRequest(request)) throw new DomainError('forbidden', REFUSED);
    next();
  };
}

function needsToken(request: Request): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || isApiRequest(request)) return false;
  // A bearer token is what authenticates such a request, and no other site can make a browser send one.
  return !/^Bearer\s/i.test(request.headers.authorization ?? '');
}

function sessionOf(request: Request): string {
  const cookie = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' ? cookie : '';
}

/** From the urlencoded body, else from the address: a multipart body is parsed only after this check. */
function tokenOf(request: Request): string | undefined {
  const fromBody = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = request.query?.[CSRF_FIELD];
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}
