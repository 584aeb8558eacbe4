import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, UrlGuard } from './url-guard.js';

/** What we keep of a receiver's answer: enough to tell an instructor what it said, never a whole page. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export type SendOutcome =
  | { kind: 'answered'; status: number; retryAfter: string | undefined; excerpt: string; durationMs: number }
  | { kind: 'failed'; error: string; durationMs: number };

/**
 * One POST of a webhook: a deadline on the whole exchange (connect, send, answer), no redirects followed (a
 * 3xx is an answer like any other), at most RESPONSE_EXCERPT_BYTES of the answer read, and every address
 * the host resolves to checked by the URL guard as the connection is made — so a name that resolved to a
 * public address at registration cannot be pointed at our own network later.
 */
@Injectable()
export class WebhookHttpClient {
  constructor(private readonly guard: UrlGuard) {}

  post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<SendOutcome> {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    return new Promise<SendOutcome>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const host = hostOf(url);
      try {
        // Literal addresses are never looked up, so the lookup hook below would not see them.
        if (isIP(host)) this.guard.assertAddress(host, host);
      } catch (error) {
        return settle({ kind: 'failed', error: (error as Error).message, durationMs: 0 });
      }
      const bytes = Buffer.from(body, 'utf8');
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: false,
        lookup: this.guard.allowsPrivate ? undefined : this.guardedLookup(),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(bytes.length),
          'user-agent': 'perfgrade-webhooks/1',
        },
      });
      timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const onAbort = () => request.destroy(new Error('the sender is shutting down'));
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'failed', error: describe(error), durationMs: elapsed() }));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const answered = () =>
          settle({
            kind: 'answered',
            status: response.statusCode ?? 0,
            retryAfter: headerOf(response.headers['retry-after']),
            excerpt: excerptOf(Buffer.concat(chunks)),
            durationMs: elapsed(),
          });
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_BYTES) chunks.push(chunk.subarray(0, RESPONSE_EXCERPT_BYTES - kept));
          kept += chunk.length;
          // The status is what counts; the rest of a long answer is not worth waiting for.
          if (kept >= RESPONSE_EXCERPT_BYTES) {
            answered();
            response.destroy();
          }
        });
        response.on('end', answered);
        // An answer cut off after its status line is still an answer: the status decides.
        response.on('error', answered);
        response.on('close', answered);
      });
      request.end(bytes);
    });
  }

  private guardedLookup(): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        try {
          for (const { address } of addresses) this.guard.assertAddress(hostname, address);
        } catch (refused) {
          return callback(refused as NodeJS.ErrnoException, '', 0);
        }
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      });
    };
  }
}

function describe(error: NodeJS.ErrnoException): string {
  const code = error.code && !error.message.includes(error.code) ? ` (${error.code})` : '';
  return `${error.message}${code}`.slice(0, 500);
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Text as the receiver sent it, minus what cannot be shown or stored (NUL, other control characters). */
function excerptOf(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/\uFFFD$/, '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
