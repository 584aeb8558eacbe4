import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigService } from '../../src/config/config.service.js';
import { HostResolver } from '../../src/webhooks/host-resolver.js';
import { UrlGuard } from '../../src/webhooks/url-guard.js';
import { RESPONSE_EXCERPT_BYTES, WebhookHttpClient } from '../../src/webhooks/webhook-http.client.js';

/** The sender against a small server on 127.0.0.1: what it reads back, its deadline, redirects, and the address check at connect time. */
describe('webhook HTTP client', () => {
  let server: http.Server;
  let base: string;
  let hits = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      hits++;
      request.resume();
      request.on('end', () => {
        if (request.url === '/long') return response.end('x'.repeat(100_000));
        if (request.url === '/redirect') return response.writeHead(307, { location: '/ok' }).end('moved');
        if (request.url === '/slow') return setTimeout(() => response.end('late'), 1000);
        if (request.url === '/busy') return response.writeHead(429, { 'retry-after': '120' }).end('busy\u0000');
        response.end(`ok ${request.headers['webhook-id']} ${request.headers['content-type']}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (allowPrivate: boolean) =>
    new WebhookHttpClient(new UrlGuard(new HostResolver(), new ConfigService({ WEBHOOK_ALLOW_PRIVATE_URLS: String(allowPrivate), GRADER_CONCURRENCY: '0' })));
  const post = (path: string, allowPrivate = true, timeoutMs = 2000, host = base) => client(allowPrivate).post(new URL(`${host}${path}`), { 'webhook-id': 'msg_1' }, '{}', timeoutMs);

  it('sends JSON with the given headers and reads the answer', async () => {
    await expect(post('/ok')).resolves.toMatchObject({ kind: 'answered', status: 200, excerpt: 'ok msg_1 application/json' });
    await expect(post('/busy')).resolves.toMatchObject({ kind: 'answered', status: 429, retryAfter: '120', excerpt: 'busy' });
  });

  it('keeps only the first KiB of a long answer, follows no redirect, and gives up at its deadline', async () => {
    const long = await post('/long');
    expect(long.kind === 'answered' && long.excerpt.length).toBe(RESPONSE_EXCERPT_BYTES);
    await expect(post('/redirect')).resolves.toMatchObject({ kind: 'answered', status: 307, excerpt: 'moved' });
    await expect(post('/slow', true, 200)).resolves.toMatchObject({ kind: 'failed', error: 'no answer within 200 ms' });
  });

  it('refuses loopback at connect time unless private URLs are allowed, by address or by name', async () => {
    const before = hits;
    await expect(post('/ok', false)).resolves.toMatchObject({ kind: 'failed', error: expect.stringMatching(/127\.0\.0\.1 is a loopback or private address/) });
    const byName = await post('/ok', false, 2000, base.replace('127.0.0.1', 'localhost'));
    expect(byName).toMatchObject({ kind: 'failed', error: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), which is a loopback or private address/) });
    expect(hits).toBe(before);
  });
});
