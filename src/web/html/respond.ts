import type { Response } from 'express';
import type { Html } from './html.js';

/**
 * Headers of every page: never cached (pages show personal results), never framed, and only this site's own
 * stylesheet and script run — so even markup slipped past escaping could not execute.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
};

export function setPageHeaders(response: Response): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
}

/** For the few handlers and the error filter that answer with something other than 200. */
export function sendPage(response: Response, status: number, page: Html): void {
  setPageHeaders(response);
  response.status(status).send(page.value);
}
