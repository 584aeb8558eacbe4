import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { ADMIN, newStudent, startTestApp, submitFile, type TestApp } from '../e2e/support/test-app.js';
import { similarityAssignments, similarityClass } from '../support/similarity-class.js';
import { accessibilityProblems } from './support/accessibility.js';
import { launchChromium, loggedIn, screenshots } from './support/browser-app.js';

const SLUG = 'monte-carlo-pi';

/** The similarity report and the side-by-side view in Debian's Chromium, on part of the fixture class (no grading). */
describe('similarity pages in a browser', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let assignments: string;
  const klass = similarityClass();
  const source = (name: string) => klass.students.find((s) => s.name === name)!.source;

  beforeAll(async () => {
    assignments = await similarityAssignments();
    [t, browser] = await Promise.all([
      startTestApp('pglite', 'similarity-browser', { GRADER_CONCURRENCY: '0', ASSIGNMENTS_DIR: assignments }),
      launchChromium(),
    ]);
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    for (const name of ['Alice', 'Carol', 'Erin', 'Grace']) {
      const student = await newStudent(t, name);
      await submitFile(t, student.token, SLUG, source(name)).expect(202);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fs.rm(assignments, { recursive: true, force: true });
  });

  it('runs the analysis from the dashboard and shows the copied kernel highlighted and linked on both sides', async () => {
    const { page } = await loggedIn(browser, { url }, ADMIN.email, ADMIN.password);
    await page.goto(`${url}/instructor/assignments/${SLUG}`);
    await page.getByRole('link', { name: 'Similarity' }).click();
    await page.getByRole('button', { name: 'Run the analysis' }).click();
    // The page follows the run by reloading itself until the results are there.
    await page.getByRole('heading', { name: 'Pairs' }).waitFor({ timeout: 60_000 });
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshots(page, 'similarity-report');

    const top = page.locator('table.similarity-pairs tbody tr').first();
    await expect(top.textContent()).resolves.toMatch(/Alice.*Carol|Carol.*Alice/s);
    await expect(top.textContent()).resolves.toContain('similar');
    await top.getByRole('link', { name: /side by side/ }).click();
    await page.getByRole('heading', { name: 'Shared fragments' }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);

    // Alice's dart loop is Carol's last function: both are marked, as the same fragment.
    const aliceSide = page.locator('.side-by-side section').filter({ hasText: 'Alice' }).first();
    const carolSide = page.locator('.side-by-side section').filter({ hasText: 'Carol' }).first();
    const markOf = (side: typeof aliceSide, text: string) => side.locator('tr', { hasText: text }).locator('mark.frag').first();
    const aliceLoop = markOf(aliceSide, 'hits += 1');
    const carolLoop = markOf(carolSide, 'inside += 1');
    await expect(aliceLoop.isVisible()).resolves.toBe(true);
    await expect(carolLoop.isVisible()).resolves.toBe(true);
    const fragment = await aliceLoop.getAttribute('data-fragment');
    expect(fragment).not.toBeNull();
    await expect(carolLoop.getAttribute('data-fragment')).resolves.toBe(fragment);
    // The marks are painted: a highlight colour behind the code.
    await expect(aliceLoop.evaluate((mark) => getComputedStyle(mark).backgroundColor)).resolves.not.toBe('rgba(0, 0, 0, 0)');
    // The docstring differs, so it is not marked.
    await expect(aliceSide.locator('tr', { hasText: 'Monte-Carlo pi with numba' }).locator('mark').count()).resolves.toBe(0);

    // Following the fragment's link on the left lands on the same fragment on the right, highlighted.
    await page.locator(`#left-frag-${fragment}`).click();
    expect(new URL(page.url()).hash).toBe(`#right-frag-${fragment}`);
    const targetRow = page.locator(`tr:has(#right-frag-${fragment})`);
    await expect(
      targetRow
        .locator('td')
        .first()
        .evaluate((cell) => getComputedStyle(cell).backgroundColor),
    ).resolves.toBe('rgb(255, 240, 194)');
    await page.locator(`#left-frag-${fragment}`).scrollIntoViewIfNeeded();
    await screenshots(page, 'similarity-side-by-side');

    // Marking the pair suspicious, with a note, through the form.
    await page.getByLabel(/suspicious/).check();
    await page.getByLabel('Note').fill('Same kernel with renamed variables.');
    await page.getByRole('button', { name: 'Save the review' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your review was saved.');
    const report = await request(t.server).get(`/api/assignments/${SLUG}/similarity`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(report.body.pairs[0].review).toMatchObject({ status: 'suspicious', note: 'Same kernel with renamed variables.' });

    // Alice's submission page shows instructors her closest others, linked to the side-by-side view.
    await page.getByRole('link', { name: 'Alice' }).first().click();
    const similar = page.locator('section', { has: page.getByRole('heading', { name: /Most similar submissions/ }) });
    await expect(similar.textContent()).resolves.toContain('Carol');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
