import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { scoreBins } from '../../src/web/dashboard-stats.js';
import { ADMIN, waitForResult } from '../e2e/support/test-app.js';
import { accessibilityProblems } from './support/accessibility.js';
import { launchChromium, loggedIn, publish, REPO, screenshots, startBrowserApp, type BrowserApp } from './support/browser-app.js';

const FIXTURES = path.join(REPO, 'test/fixtures/submissions/monte-carlo-pi');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PASSWORD = 'student password';

/** Screenshots at both widths, after checking the page passes the basic accessibility checks. */
async function checkPage(page: Page, name: string): Promise<{ desktop: string; phone: string }> {
  expect(await accessibilityProblems(page)).toEqual([]);
  return screenshots(page, name);
}

/** The students' and instructors' web pages in Debian's Chromium, against the real app and the real sandbox. */
describe('the web app in a browser', () => {
  let app: BrowserApp;
  let browser: Browser;
  let ada: { email: string; page: Page };
  let bob: { email: string };
  let numbaSubmission: string;
  let numbaScore: number;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    for (const [name, email] of [['Ada Lovelace', 'ada@example.edu'], ['Charles Babbage', 'charles@example.edu']]) {
      await request(app.t.server).post('/api/users').auth(app.t.adminToken, { type: 'bearer' }).send({ name, email, role: 'student', password: PASSWORD }).expect(201);
    }
    ada = { email: 'ada@example.edu', page: undefined as unknown as Page };
    bob = { email: 'charles@example.edu' };
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('logs a student in with the keyboard and brings them back to the page they asked for', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/assignments/monte-carlo-pi`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await checkPage(page, 'login');

    // The email field has focus; Tab to the password, Enter submits.
    await page.keyboard.type(ada.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password.');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${app.url}/assignments/monte-carlo-pi`);
    ada.page = page;

    await page.goto(`${app.url}/assignments`);
    const card = page.locator('li', { has: page.getByRole('link', { name: 'Monte-Carlo estimate of π' }) });
    await expect(card.textContent()).resolves.toMatch(/Topic\s*jit.*Attempts used\s*0 of 50.*My best score\s*no result yet/s);
    await checkPage(page, 'assignments');
  });

  it('shows the assignment: description, baseline to download, limits, public cases and the upload form', async () => {
    const page = ada.page;
    await page.getByRole('link', { name: 'Monte-Carlo estimate of π' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Monte-Carlo estimate of π');
    // Markdown rendered: its headings, lists and code, and no raw Markdown left.
    await expect(page.getByRole('heading', { name: 'What to write' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('.description pre code').first().textContent()).resolves.toContain('def estimate_pi(n: int, seed: int) -> float:');
    await expect(page.locator('.description').textContent()).resolves.not.toContain('```');
    await expect(page.locator('#baseline-code').textContent()).resolves.toContain('in_circle += 1');
    await expect(page.getByRole('button', { name: 'Copy the code' }).isVisible()).resolves.toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download baseline.py' }).click()]);
    expect(download.suggestedFilename()).toBe('monte-carlo-pi-baseline.py');
    await expect(fs.readFile((await download.path())!, 'utf8')).resolves.toContain('def estimate_pi(n, seed):');
    await expect(page.locator('#scoring-heading + .grid').textContent()).resolves.toMatch(/40 points.*full at 20× faster.*1024 MB/s);
    await expect(page.locator('section', { has: page.locator('#cases-heading') }).textContent()).resolves.toMatch(/one-point.*tiny.*small.*medium.*2 hidden cases/s);
    await checkPage(page, 'assignment');
  });

  it('uploads a numba solution, shows the grading progress move, then the result with its charts and profile', async () => {
    const page = ada.page;
    const seen: { phase: string; message: string }[] = [];
    await page.exposeFunction('recordProgress', (phase: string, message: string) => seen.push({ phase, message }));
    // Every state the progress card goes through, on every load of the page (it reloads itself when done).
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const card = document.querySelector<HTMLElement>('.progress-card');
        if (!card) return;
        const report = () => (window as unknown as { recordProgress(p: string, m: string): void }).recordProgress(card.dataset.phase ?? '', card.querySelector('.progress-message')?.textContent ?? '');
        report();
        new MutationObserver(report).observe(card, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    });
    await page.getByLabel('Your solution: one .py file').setInputFiles(path.join(FIXTURES, 'numba_njit.py'));
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    await page.waitForURL(new RegExp(`/submissions/${UUID}$`));
    numbaSubmission = new URL(page.url()).pathname.split('/').pop()!;

    await page.locator('.progress-card[data-phase="measuring"]').waitFor({ timeout: 120_000 });
    await checkPage(page, 'submission-progress');
    await page.locator('#result-heading').waitFor({ timeout: 180_000 });

    const phases = [...new Set(seen.map((s) => s.phase))];
    expect(phases).toEqual(expect.arrayContaining(['checking', 'measuring', 'memory']));
    expect(phases.indexOf('checking')).toBeLessThan(phases.indexOf('measuring'));
    expect(seen.map((s) => s.message)).toContainEqual(expect.stringMatching(/^Checking case \d of 6$/));

    await expect(page.locator('#result-heading').textContent()).resolves.toBe('Accepted');
    const score = await page.getByLabel('Score').textContent();
    numbaScore = Number(/^([\d.]+) \/ 100$/.exec(score!)![1]);
    expect(numbaScore).toBeGreaterThan(40);
    await expect(page.locator('#cases-heading').textContent()).resolves.toBe('Correctness: 6 of 6 cases');
    // Hidden cases: a verdict, and nothing of their name or input.
    await expect(page.getByRole('cell', { name: 'Hidden case 2 (hidden)' }).isVisible()).resolves.toBe(true);
    await expect(page.content()).resolves.not.toContain('hidden-large');

    const timeChart = page.getByRole('img', { name: /Time per call: baseline, yours and the reference \(log scale\)/ });
    await expect(timeChart.locator('text').allTextContents()).resolves.toEqual(expect.arrayContaining(['Baseline', 'Yours', 'Reference', 'full points (20×)']));
    await expect(timeChart.locator('rect.bar-mine').count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /Peak memory/ }).locator('text').allTextContents()).resolves.toContain('Yours');

    const profile = page.locator('.profile');
    await expect(profile.locator('caption').textContent()).resolves.toMatch(/^estimate_pi\(\): /);
    await expect(profile.locator('tr.hot td.source').first().textContent()).resolves.toContain('_count_inside(n, seed)');
    await publish(await checkPage(page, 'submission-result'), 'submission-result');
  }, 240_000);

  it('explains a submission without code on a page, and shows the line of a syntax error', async () => {
    const page = ada.page;
    await page.goto(`${app.url}/assignments/monte-carlo-pi`);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Submit for grading' }).click()]);
    expect(refused.status()).toBe(400);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nothing was submitted: choose your .py file');
    await page.getByRole('link', { name: 'Go back' }).click();
    await page.waitForURL(`${app.url}/assignments/monte-carlo-pi`);

    await page.getByLabel('Your solution: one .py file').setInputFiles(path.join(FIXTURES, 'syntax_error.py'));
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    await page.locator('#result-heading').waitFor({ timeout: 60_000 });
    await expect(page.locator('#result-heading').textContent()).resolves.toBe('Not graded: fix your file');
    await expect(page.getByText("SyntaxError on line 4: expected ':'").first().isVisible()).resolves.toBe(true);
    const marked = page.locator('.source-listing tr.error-line');
    await expect(marked.locator('td.line-no').textContent()).resolves.toMatch(/^4/);
    await expect(marked.locator('td.source').textContent()).resolves.toBe('def estimate_pi(n, seed)');
    await checkPage(page, 'submission-syntax-error');
  });

  it('keeps a student out of another student’s submission', async () => {
    const { context, page } = await loggedIn(browser, app, bob.email, PASSWORD);
    for (const address of [`/submissions/${numbaSubmission}`, `/submissions/${numbaSubmission}/source`, `/submissions/${numbaSubmission}/source.py`]) {
      const response = await page.goto(app.url + address);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
      const text = await page.content();
      expect(text).not.toContain('numba_njit.py');
      expect(text).not.toContain('_count_inside');
    }
    const api = await page.goto(`${app.url}/api/submissions/${numbaSubmission}/events`);
    expect(api?.status()).toBe(404);
    // A student is no instructor, and is told so on a page.
    const staff = await page.goto(`${app.url}/instructor`);
    expect(staff?.status()).toBe(403);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This needs the instructor or admin role');
    await checkPage(page, 'error-forbidden');
    await context.close();
  });

  it('takes a submission with JavaScript turned off: pasted code, a redirect, and a page that refreshes itself', async () => {
    const { context, page } = await loggedIn(browser, app, bob.email, PASSWORD, { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await page.goto(`${app.url}/assignments/monte-carlo-pi`);
    await page.getByText('Or paste your code instead').click();
    await page.getByLabel('Your code').fill(await fs.readFile(path.join(FIXTURES, 'wrong_pi.py'), 'utf8'));
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    await page.waitForURL(new RegExp(`/submissions/${UUID}$`));
    await expect(page.locator('noscript').first().innerHTML()).resolves.toContain('http-equiv="refresh"');
    await page.locator('#result-heading').waitFor({ timeout: 90_000 });
    await expect(page.locator('#result-heading').textContent()).resolves.toBe('Wrong answer');
    await expect(page.locator('code').first().textContent()).resolves.toBe('solution.py');
    await context.close();
  });

  it('shows my history with its trend charts, and the leaderboard under a pseudonym after opting in', async () => {
    const page = ada.page;
    await page.goto(`${app.url}/assignments/monte-carlo-pi/history`);
    const scores = page.getByRole('img', { name: 'My score, attempt by attempt' });
    await expect(scores.locator('circle').count()).resolves.toBe(2);
    await expect(page.getByRole('img', { name: /My speedup over the baseline/ }).locator('circle').count()).resolves.toBe(1);
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await checkPage(page, 'history');

    await page.goto(`${app.url}/assignments/monte-carlo-pi/leaderboard`);
    await expect(page.getByText('Nobody is on this leaderboard yet').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Join under a pseudonym' }).click();
    const me = page.locator('tr.me');
    await expect(me.textContent()).resolves.toMatch(/1\s*[A-Z][a-z]+ [A-Z][a-z]+ \d{2} \(you\)\s*[\d.]+×/);
    await expect(page.content()).resolves.not.toContain('Ada Lovelace</td>');
    await checkPage(page, 'leaderboard');
  });

  it('gives the instructor the dashboard: histograms, students with links, grades CSV, accounts, regrade', async () => {
    const { context, page } = await loggedIn(browser, app, ADMIN.email, ADMIN.password);
    expect(new URL(page.url()).pathname).toBe('/instructor');
    await expect(page.locator('#invalid-heading + .notice + h3').textContent()).resolves.toBe('broken-example');
    await expect(page.locator('section', { has: page.locator('#invalid-heading') }).textContent()).resolves.toMatch(/assignment\.yaml.*function/s);
    await checkPage(page, 'instructor');

    await page.getByRole('link', { name: 'Monte-Carlo estimate of π' }).click();
    await expect(page.locator('.figure').first().textContent()).resolves.toMatch(/2\s*of 2 students submitted/);
    // Ada's grade is her best score: in its bin of the histogram, and in her row with links to the submission and its source.
    const exact: number = (await request(app.t.server).get(`/api/submissions/${numbaSubmission}`).auth(app.t.adminToken, { type: 'bearer' }).expect(200)).body.score;
    expect(exact).toBeCloseTo(numbaScore, 1);
    const bin = scoreBins([exact], 100).bins.find((b) => b.count === 1)!;
    await expect(page.getByRole('img', { name: /Scores of the 2 graded students/ }).locator('title').allTextContents()).resolves.toContain(`${bin.label}: 1 student`);
    await expect(page.getByRole('img', { name: /Speedups over the baseline of 1 student/ }).isVisible()).resolves.toBe(true);
    const row = page.locator('tr', { hasText: ada.email });
    await expect(row.getByRole('link', { name: `${numbaScore} / 100` }).first().getAttribute('href')).resolves.toBe(`/submissions/${numbaSubmission}`);
    await row.getByText('2 submissions').click();
    await expect(row.locator(`a[href="/submissions/${numbaSubmission}/source"]`).isVisible()).resolves.toBe(true);
    await expect(page.locator('section', { has: page.locator('#verdicts-heading') }).textContent()).resolves.toMatch(/Accepted\s*1.*Not graded: fix your file\s*1.*Wrong answer\s*1/s);
    await publish(await checkPage(page, 'dashboard'), 'dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export grades (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('monte-carlo-pi-grades.csv');
    const csv = await fs.readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('email,name,score,max_score,late_penalty,submissions,submission_id,submitted_at');
    expect(csv).toContain(`${ada.email},Ada Lovelace,${Math.round(exact * 100) / 100},100,0,2,${numbaSubmission},`);

    // Add a student without a password: the invitation link lets them choose one and logs them in.
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email', { exact: true }).fill('grace@test.local');
    await page.getByRole('button', { name: 'Add the student' }).click();
    const invitation = await page.locator('td code').first().textContent();
    expect(invitation).toMatch(/\/invitation\?token=/);
    const grace = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const gracePage = await grace.newPage();
    await gracePage.goto(app.url + new URL(invitation!).pathname + new URL(invitation!).search);
    await gracePage.getByLabel('New password').fill('grace password 1');
    await gracePage.getByRole('button', { name: 'Set password and log in' }).click();
    await gracePage.waitForURL(`${app.url}/assignments`);
    await expect(gracePage.locator('.who').textContent()).resolves.toContain('Grace Hopper');
    await grace.close();

    await page.goto(`${app.url}/instructor/assignments/monte-carlo-pi`);
    await page.getByLabel('Roster (CSV file)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(`email,name\nalan@test.local,Alan Turing\n${ada.email},Ada Lovelace\n`) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('1 student account created');
    await expect(page.locator('tbody').textContent()).resolves.toContain('alan@test.local');
    await expect(page.locator('.notice').first().textContent()).resolves.toContain(ada.email);
    await page.getByRole('link', { name: 'Back' }).click();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Regrade all submissions' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^3 submissions were queued for regrading/);
    // Let the regrades finish (the app is closed after this file), and find Ada's grade still there.
    const ids = new Set((await page.locator('a[href^="/submissions/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/')[2]))));
    for (const id of ids) await waitForResult(app.t, app.t.adminToken, id, 150_000);
    await page.reload();
    await expect(page.locator('tr', { hasText: ada.email }).getByRole('link', { name: / \/ 100$/ }).first().getAttribute('href')).resolves.toMatch(/^\/submissions\//);
    await context.close();
  }, 240_000);

  it('answers unknown pages with a page, the API with JSON, and logs out', async () => {
    const page = ada.page;
    const missing = await page.goto(`${app.url}/no/such/page`);
    expect(missing?.status()).toBe(404);
    expect(missing?.headers()['content-type']).toContain('text/html');
    await expect(page.getByRole('link', { name: 'Your assignments' }).isVisible()).resolves.toBe(true);
    const api = await page.goto(`${app.url}/api/no/such/thing`);
    expect(api?.headers()['content-type']).toContain('application/json');
    await expect(api?.json()).resolves.toEqual({ statusCode: 404, error: 'Not Found', message: 'There is nothing at this address.' });

    await page.goto(`${app.url}/assignments`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('You are logged out.');
    await page.goto(`${app.url}/assignments`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
