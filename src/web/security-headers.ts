import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers of every answer, pages and API alike, through helmet. The CSP is the strict one the pages
 * always had: only this site's own stylesheet and script run, so even markup slipped past escaping could
 * not execute; pages are never framed (CSP and X-Frame-Options agree), and the referrer never leaves the site.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
}
