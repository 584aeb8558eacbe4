import { createHash } from 'node:crypto';
import { CLIENT_SCRIPT } from './client-script.js';
import { STYLESHEET } from './stylesheet.js';

/** A static file named by its content, so browsers may keep it forever and still never see a stale one. */
export interface Asset {
  file: string;
  url: string;
  body: string;
}

function asset(name: string, extension: string, body: string): Asset {
  const file = `${name}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${extension}`;
  return { file, url: `/assets/${file}`, body };
}

export const STYLES = asset('app', 'css', STYLESHEET);
export const SCRIPT = asset('app', 'js', CLIENT_SCRIPT);
