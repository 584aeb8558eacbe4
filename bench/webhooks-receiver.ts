import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request. */
export type Behaviour = 'ok' | 'error' | 'timeout' | 'rate_limited' | 'gone';

export interface ReceivedRequest {
  path: string;
  id: string;
  timestampS: number;
  signature: string;
  body: string;
  /** The receiver's clock (the same one the sender's timestamps come from) when it arrived. */
  receivedAtMs: number;
  verified: boolean;
  behaviour: Behaviour;
  /** First arrival of this webhook-id at this path with a valid signature, and answered as taken. */
  applied: boolean;
}

export interface ReceiverOptions {
  /** The secrets each path (one per endpoint) verifies with; set after the endpoint is registered. */
  secrets: Map<string, string[]>;
  /** Chooses the answer; default: always ok. */
  choose?: (request: { path: string; id: string; seen: number }) => Behaviour;
  /** The clock used to judge webhook-timestamp (5 minutes either way) and stamp arrivals. */
  nowMs?: () => number;
  /** "timeout": how long to hold the answer (longer than the sender waits). */
  holdMs?: number;
  retryAfterS?: number;
}

/**
 * A webhook receiver as a careful LMS would write one — on 127.0.0.1 only — for the tests and the
 * benchmark: it verifies every signature itself (its own few lines of HMAC, not perfgrade's code), refuses
 * stale timestamps, applies each webhook-id at most once, and answers as `choose` says: 2xx, 500, a
 * timeout (after applying, so the retry is a duplicate it must ignore), 429 with Retry-After, or 410.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** path → webhook-id → the body applied. */
  readonly applied = new Map<string, Map<string, string>>();
  /** Valid requests whose webhook-id had been applied already: acknowledged, not applied again. */
  duplicatesIgnored = 0;
  private readonly server = http.createServer((request, response) => this.handle(request, response));
  private readonly held = new Map<http.ServerResponse, NodeJS.Timeout>();
  private base = '';

  constructor(private readonly options: ReceiverOptions) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async stop(): Promise<void> {
    for (const [response, timer] of this.held) {
      clearTimeout(timer);
      response.destroy();
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  appliedAt(path: string): Map<string, string> {
    return this.applied.get(path) ?? new Map();
  }

  /** Every applied event's parsed body, across paths. */
  appliedBodies(path?: string): { type: string; timestamp: string; data: any }[] {
    const maps = path ? [this.appliedAt(path)] : [...this.applied.values()];
    return maps.flatMap((map) => [...map.values()].map((body) => JSON.parse(body)));
  }

  /** Waits (real time) until `predicate` holds, checking every 50 ms. */
  async waitFor(predicate: () => boolean, timeoutMs = 30_000, what = 'the receiver'): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`${what}: condition not met within ${timeoutMs} ms (${this.requests.length} requests so far)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['webhook-id'] ?? '');
      const timestamp = String(request.headers['webhook-timestamp'] ?? '');
      const signature = String(request.headers['webhook-signature'] ?? '');
      const nowMs = this.options.nowMs?.() ?? Date.now();
      const verified = verifyStandardWebhook(this.options.secrets.get(path) ?? [], id, timestamp, signature, body, nowMs);
      const seen = this.requests.filter((r) => r.path === path).length;
      const behaviour = verified ? (this.options.choose?.({ path, id, seen }) ?? 'ok') : 'ok';
      const record: ReceivedRequest = { path, id, timestampS: Number(timestamp), signature, body, receivedAtMs: nowMs, verified, behaviour, applied: false };
      this.requests.push(record);
      if (!verified) return this.answer(response, 400, 'bad signature');
      switch (behaviour) {
        case 'error':
          return this.answer(response, 500, 'something broke');
        case 'rate_limited':
          return this.answer(response, 429, 'slow down', { 'retry-after': String(this.options.retryAfterS ?? 60) });
        case 'gone':
          return this.answer(response, 410, 'this endpoint is gone');
        case 'timeout':
          // Taken, but the answer comes too late: the sender retries, and the retry must not be applied twice.
          this.apply(record);
          this.held.set(
            response,
            setTimeout(() => {
              this.held.delete(response);
              if (!response.destroyed) this.answer(response, 200, 'late');
            }, this.options.holdMs ?? 2000),
          );
          return;
        default:
          this.apply(record);
          return this.answer(response, 200, 'ok');
      }
    });
  }

  private apply(record: ReceivedRequest): void {
    const map = this.applied.get(record.path) ?? new Map<string, string>();
    this.applied.set(record.path, map);
    if (map.has(record.id)) {
      this.duplicatesIgnored++;
      return;
    }
    map.set(record.id, record.body);
    record.applied = true;
  }

  private answer(response: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers });
    response.end(text);
  }
}

/** Standard Webhooks verification as a receiver writes it: HMAC-SHA256 keyed with the secret's bytes, timestamp within 5 minutes. */
export function verifyStandardWebhook(secrets: string[], id: string, timestamp: string, signatureHeader: string, body: string, nowMs: number): boolean {
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - nowMs / 1000) > 300) return false;
  const offered = signatureHeader.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3), 'base64'));
  return secrets.some((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
    return offered.some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  });
}

/** A seeded generator (mulberry32): the same random answers on every run, so a failure can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
