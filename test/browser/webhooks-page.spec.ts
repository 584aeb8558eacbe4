import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { WebhookReceiver, type Behaviour } from '../../bench/webhooks-receiver.js';
import { ADMIN } from '../e2e/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../e2e/support/test-database.js';
import { eventually, FakeClock, registerWebhook, startWebhookApp, type WebhookTestApp } from '../e2e/webhooks-app.js';
import { accessibilityProblems } from './support/accessibility.js';
import { launchChromium, loggedIn, screenshots } from './support/browser-app.js';

/**
 * The instructor's webhooks page in Chromium, on the real app with a clock the test moves (ten tries over
 * three days take milliseconds) and a receiver on 127.0.0.1 that fails until the test lets it succeed.
 */
describe('the webhooks page in a browser', () => {
  const clock = new FakeClock(Date.now());
  const secrets = new Map<string, string[]>();
  let answer: Behaviour = 'error';
  const receiver = new WebhookReceiver({ secrets, choose: () => answer, nowMs: () => clock.now().getTime() });
  let database: TestDatabase;
  let t: WebhookTestApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    await receiver.start();
    database = await createTestDatabase('pglite', 'webhooks_page');
    [t, browser] = await Promise.all([startWebhookApp(database, {}, clock), launchChromium()]);
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
    await receiver.stop();
  });

  it('shows a failed delivery with its answer, and a replay delivers it once the receiver works again', async () => {
    const endpoint = await registerWebhook(t, receiver.url('/lms'), ['submission.graded']);
    secrets.set('/lms', [endpoint.secret]);
    await request(t.server).post(`/api/webhooks/${endpoint.id}/test`).auth(t.adminToken, { type: 'bearer' }).expect(202);
    // The senders try it; each 500 moves the clock to the next try, until the last one dead-letters it.
    await eventually(async () => {
      const next = await t.deliveries.nextDueAt();
      if (next) clock.set(next);
      return (await t.deliveries.countByState()).dead === 1;
    }, 30_000, 'the ping dead-lettered');

    const { page } = await loggedIn(browser, { url }, ADMIN.email, ADMIN.password);
    await page.goto(`${url}/instructor`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(`${url}/instructor/webhooks`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: receiver.url('/lms') }) });
    await expect(card.textContent()).resolves.toMatch(/submission\.graded.*enabled.*1 failed/s);
    const row = card.locator('tbody tr', { hasText: 'ping' });
    const cells = async () => (await row.locator('td').allTextContents()).map((text) => text.trim());
    await expect(cells()).resolves.toEqual([expect.stringContaining('ping'), 'Failed', '10', '500', 'something broke', '—', expect.stringContaining('500'), expect.stringMatching(/^Replay/)]);
    await expect(card.getByRole('button', { name: /^Replay all failed/ }).isVisible()).resolves.toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshots(page, 'webhooks');

    answer = 'ok';
    await row.getByRole('button', { name: /^Replay/ }).click();
    await page.waitForURL((to) => to.pathname === '/instructor/webhooks' && to.searchParams.get('replayed') === '1');
    await expect(page.getByRole('status').textContent()).resolves.toContain('1 failed delivery was queued again');
    // The senders pick it up within a poll; reload (a bounded number of times) until it shows.
    for (let i = 0; i < 40 && (await cells())[1] !== 'Delivered'; i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await expect(cells()).resolves.toEqual([expect.stringContaining('ping'), 'Delivered', '1 (1 replay)', '200', 'ok', '—', '—', '']);
    expect(receiver.appliedBodies('/lms').map((body) => body.type)).toEqual(['ping']);
    await expect(card.getByRole('button', { name: /^Replay/ }).count()).resolves.toBe(0);
  });
});
