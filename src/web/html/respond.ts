import type { Response } from 'express';
import { fillFormTokens } from '../csrf/form-token.js';
import type { Html } from './html.js';

/**
 * Headers of every page besides the security headers every answer has (security-headers.ts): HTML, and
 * never cached, since pages show personal results.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
};

export function setPageHeaders(response: Response): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
}

/** For the few handlers and the error filter that answer with something other than 200. */
export function sendPage(response: Response, status: number, page: Html): void {
  setPageHeaders(response);
  response.status(status).send(fillFormTokens(page.value, response.req));
}
