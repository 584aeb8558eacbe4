import type { Request } from 'express';

/**
 * A path on this site to send someone to (after login, "go back"): only "/…" paths, or a full URL of this
 * very host, so a crafted link cannot bounce a logged-in student to another site.
 */
export function localPath(target: unknown, request: Pick<Request, 'get'>): string | undefined {
  if (typeof target !== 'string' || target === '') return undefined;
  if (target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')) return target;
  try {
    const url = new URL(target);
    return url.host === request.get('host') ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
