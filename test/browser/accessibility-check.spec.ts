import type { Browser } from 'playwright-core';
import { accessibilityProblems } from './support/accessibility.js';
import { launchChromium } from './support/browser-app.js';

/** The check the page tests rely on finds what it is meant to find (a check that cannot fail proves nothing). */
describe('the basic accessibility check', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reports a missing language, a second h1, an unlabelled field, faint text and a nameless chart', async () => {
    const page = await browser.newPage();
    await page.setContent(`<html><body><h1>One</h1><h1>Two</h1>
      <p style="color:#b0b0b0">faint</p><p style="color:#222">fine</p>
      <input name="email"><label for="ok">Ok</label><input id="ok">
      <svg role="img" id="chart" aria-labelledby="nothing"><text style="fill:#ddd">2×</text></svg></body></html>`);
    const problems = await accessibilityProblems(page);
    expect(problems).toEqual(
      expect.arrayContaining([
        '<html> has no lang',
        '2 <h1> elements',
        expect.stringMatching(/^no label: <input name="email">/),
        expect.stringMatching(/^contrast [\d.]+ < 4.5: "faint"/),
        expect.stringMatching(/^contrast [\d.]+ < 4.5: "2×"/),
        'chart without a name: #chart',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/"fine"|<input id="ok"/);
    await page.close();
  });
});
