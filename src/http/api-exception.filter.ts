import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toApiError } from './api-error.js';

/** The one place where errors become HTTP: every refusal is `{ statusCode, error, message }` JSON. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendApiError(error, http.getRequest<Request>(), http.getResponse<Response>(), this.logger);
  }
}

export function sendApiError(error: unknown, request: Request, response: Response, logger: Logger): void {
  const { body, retryAfterS, internal } = toApiError(error);
  if (internal) logger.error(`${request.method} ${request.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
  if (response.headersSent) {
    // An event stream already started: all that is left is to end it.
    response.end();
    return;
  }
  if (retryAfterS !== undefined) response.setHeader('Retry-After', String(retryAfterS));
  // A route may have declared its success headers already (text/csv, an attachment): a refusal is JSON, shown inline.
  response.removeHeader('Content-Disposition');
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.status(body.statusCode).json(body);
}
