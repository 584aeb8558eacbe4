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

/** Horizontal grid lines labelled on the left: the value axis of the vertical charts. */
export function horizontalGrid(ticks: number[], left: number, right: number, y: (tick: number) => number, label: (tick: number) => string): Html[] {
  return ticks.map(
    (tick) => html`<line class="grid-line" x1="${left}" x2="${right}" y1="${px(y(tick))}" y2="${px(y(tick))}"/>
<text class="tick-label" x="${left - 6}" y="${px(y(tick) + 4)}" font-size="11" text-anchor="end">${label(tick)}</text>`,
  );
}

/** What the axis measures, centred under the plot. */
export function axisTitle(centre: number, baseline: number, text: string): Html {
  return html`<text class="axis-label" x="${px(centre)}" y="${baseline}" font-size="11" text-anchor="middle">${text}</text>`;
}
