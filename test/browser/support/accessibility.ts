import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './browser-app.js';

/**
 * Accessibility problems of the page as it is now, at desktop and at phone width: every rule of axe-core
 * (WCAG 2.x A and AA, including contrast and labels, plus its best practices), and what axe has no rule
 * for — exactly one h1, charts that carry their figures as real text, and the contrast of that text
 * (axe leaves SVG text out of its contrast rule).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const before = page.viewportSize() ?? DESKTOP;
  const problems = new Set<string>();
  for (const [width, viewport] of [
    ['1280 px', DESKTOP],
    ['390 px', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const problem of await axeProblems(page)) problems.add(`${problem} (at ${width})`);
  }
  await page.setViewportSize(before);
  for (const problem of await ownProblems(page)) problems.add(problem);
  return [...problems];
}

async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((rule) =>
    rule.nodes.map(
      (node) => `${rule.id}: ${rule.help}: ${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    ),
  );
}

function ownProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} <h1> elements`);
    for (const chart of document.querySelectorAll('svg[role="img"]')) {
      if (!chart.querySelector('text')) problems.push(`chart without text: #${chart.id}`);
    }

    // WCAG AA for SVG text against the chart's background: 4.5:1, or 3:1 for large text.
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element | null): number[] => {
      for (let e = element; e; e = e.parentElement) {
        const color = rgb(getComputedStyle(e).backgroundColor);
        if (color.length < 4 || color[3] > 0.5) return color.slice(0, 3);
      }
      return [255, 255, 255];
    };
    for (const text of document.querySelectorAll<SVGTextElement>('svg text')) {
      const content = text.textContent?.trim();
      const style = getComputedStyle(text);
      if (!content || text.getClientRects().length === 0 || style.visibility === 'hidden') continue;
      const [light, dark] = [luminance(rgb(style.fill)), luminance(backgroundOf(text.closest('svg')))].sort((x, y) => y - x);
      const contrast = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const needed = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
      if (contrast < needed) problems.push(`contrast ${contrast.toFixed(2)} < ${needed}: "${content.slice(0, 40)}"`);
    }
    return problems;
  });
}
