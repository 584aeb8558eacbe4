import type { Browser } from 'playwright-core';
import { accessibilityProblems } from './support/accessibility.js';
import { launchChromium } from './support/browser-app.js';

/** The check the page tests rely on finds what it is meant to find (a check that cannot fail proves nothing). */
describe('the accessibility check', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reports a missing language, a second h1, an unlabelled field, faint text, a nameless chart and one without text, at both widths', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<html><body><main><h1>One</h1><h1>Two</h1>
      <p style="color:#b0b0b0">faint</p><p style="color:#222">fine</p>
      <input name="email"><label for="ok">Ok</label><input id="ok">
      <svg role="img" id="chart" aria-labelledby="nothing"><text style="fill:#ddd">2×</text></svg>
      <svg role="img" id="textless" aria-label="Scores"><rect width="5" height="5"></rect></svg></main></body></html>`);
    const problems = await accessibilityProblems(page);
    for (const width of ['1280 px', '390 px']) {
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^html-has-lang: .*\\(at ${width}\\)$`)),
          expect.stringMatching(new RegExp(`^label: .*input\\[name="email"\\].*\\(at ${width}\\)$`)),
          expect.stringMatching(new RegExp(`^color-contrast: .*contrast of [\\d.]+ \\(foreground color: #b0b0b0.*\\(at ${width}\\)$`)),
          expect.stringMatching(new RegExp(`^svg-img-alt: .*#chart.*\\(at ${width}\\)$`)),
        ]),
      );
    }
    expect(problems).toEqual(
      expect.arrayContaining(['2 <h1> elements', expect.stringMatching(/^contrast [\d.]+ < 4.5: "2×"/), 'chart without text: #textless']),
    );
    expect(problems.join('\n')).not.toMatch(/#222|input#ok|#ok\b/);
    await context.close();
  });
});
