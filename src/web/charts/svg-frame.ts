import { html, type Content, type Html } from '../html/html.js';

export interface ChartText {
  /** Unique on the page: ids of the title and description derive from it. */
  id: string;
  /** Read first by screen readers (the <title>). */
  title: string;
  /** The chart's data in words, so nothing is only in the picture. */
  description: string;
}

/** An SVG chart that scales with its container; real text inside, and named for assistive technology. */
export function svgFrame(text: ChartText, width: number, height: number, content: Content): Html {
  return html`<svg class="chart" id="${text.id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${text.id}-title">${text.title}</title>
<desc id="${text.id}-desc">${text.description}</desc>
${content}
</svg>`;
}

/** Rounded to a tenth of a unit: shorter markup, no visible difference. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
