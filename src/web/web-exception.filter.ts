import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toApiError } from '../http/api-error.js';
import { sendApiError } from '../http/api-exception.filter.js';
import type { Caller } from '../accounts/caller.js';
import { sendPage } from './html/respond.js';
import { errorPage } from './pages/error.page.js';
import { localPath } from './local-path.js';

/**
 * Errors of the web pages become pages: what happened and what to do, in the words the API would use, and
 * never a stack trace. Someone not logged in is sent to the login form and brought back afterwards.
 * Requests under /api keep the API's JSON answer, exactly as ApiExceptionFilter gives it.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { caller?: Caller }>();
    const response = http.getResponse<Response>();
    if (isApiRequest(request)) return sendApiError(error, request, response, this.logger);
    const { body, internal } = toApiError(error);
    if (internal) this.logger.error(`${request.method} ${request.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.removeHeader('Content-Disposition');
    if (body.statusCode === 401) {
      const next = request.method === 'GET' ? request.originalUrl : (localPath(request.get('referer'), request) ?? '/');
      response.redirect(303, `/login?next=${encodeURIComponent(next)}`);
      return;
    }
    const back = localPath(request.get('referer'), request);
    sendPage(response, body.statusCode, errorPage({ status: body.statusCode, message: body.message, caller: request.caller, back: back === request.originalUrl ? undefined : back }));
  }
}

export function isApiRequest(request: Request): boolean {
  return request.path === '/api' || request.path.startsWith('/api/');
}
