import type { Page } from 'playwright-core';

/**
 * Basic accessibility checks, run in the page: a language, one h1, a label for every form field, a name for
 * every button, link and chart, real text in charts, and WCAG AA contrast (4.5:1, or 3:1 for large text) for
 * every piece of visible text — HTML text against its background, and SVG text against the chart's.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push('<html> has no lang');
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} <h1> elements`);
    for (const field of document.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
      if (field.type === 'hidden') continue;
      if (!field.labels?.length && !field.getAttribute('aria-label') && !field.getAttribute('aria-labelledby')) problems.push(`no label: ${field.outerHTML.slice(0, 80)}`);
    }
    for (const control of document.querySelectorAll<HTMLElement>('button, a[href], summary')) {
      if (!control.textContent?.trim() && !control.getAttribute('aria-label')) problems.push(`no name: ${control.outerHTML.slice(0, 80)}`);
    }
    for (const chart of document.querySelectorAll('svg[role="img"]')) {
      const ids = (chart.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
      if (ids.length === 0 || !ids.every((id) => document.getElementById(id)?.textContent?.trim())) problems.push(`chart without a name: #${chart.id}`);
      if (!chart.querySelector('text')) problems.push(`chart without text: #${chart.id}`);
    }

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
    const ratio = (a: number[], b: number[]) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light + 0.05) / (dark + 0.05);
    };
    const checked = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent?.trim();
      const element = walker.currentNode.parentElement;
      if (!text || !element || checked.has(element) || element.closest('.visually-hidden, .skip-link, title, desc, noscript')) continue;
      checked.add(element);
      if (element.getClientRects().length === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden') continue;
      const inSvg = element.closest('svg');
      const foreground = rgb(inSvg ? style.fill : style.color);
      const contrast = ratio(foreground, backgroundOf(inSvg ?? element));
      const size = parseFloat(style.fontSize);
      const needed = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
      if (contrast < needed) problems.push(`contrast ${contrast.toFixed(2)} < ${needed}: "${text.slice(0, 40)}"`);
    }
    return problems;
  });
}
