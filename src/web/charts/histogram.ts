import { html, type Html } from '../html/html.js';
import { linearScale } from './scales.js';
import { axisTitle, horizontalGrid, px, svgFrame, type ChartText } from './svg-frame.js';

export interface Bin {
  /** The range in words, e.g. "90–100" (tooltip and description). */
  label: string;
  count: number;
}

export interface Histogram extends ChartText {
  bins: Bin[];
  /** Written under the boundaries between bins: one more than there are bins ('' leaves one out). */
  edges: string[];
  /** What one count is, e.g. "student". */
  unit: string;
  axisLabel: string;
}

// Drawn for a phone's width and scaled up on wider screens (see bar-chart.ts).
const WIDTH = 360;
const LEFT = 30;
const RIGHT = 350;
const TOP = 20;
const PLOT_HEIGHT = 130;

/** Vertical bars with their counts above them; the axis is labelled at the boundaries between ranges. */
export function histogram(chart: Histogram): Html {
  const scale = linearScale(chart.bins.map((bin) => bin.count), PLOT_HEIGHT, 4);
  const ticks = scale.ticks.filter((tick) => Number.isInteger(tick));
  const slot = (RIGHT - LEFT) / Math.max(1, chart.bins.length);
  const bottom = TOP + PLOT_HEIGHT;
  const height = bottom + 44;
  const plural = (n: number) => `${n} ${chart.unit}${n === 1 ? '' : 's'}`;
  const grid = horizontalGrid(ticks, LEFT, RIGHT, (tick) => bottom - scale.position(tick), String);
  const bars = chart.bins.map((bin, i) => {
    const center = LEFT + slot * (i + 0.5);
    const barHeight = scale.position(bin.count);
    return html`<g><title>${bin.label}: ${plural(bin.count)}</title>
<rect class="bar-plain" x="${px(center - slot * 0.42)}" y="${px(bottom - barHeight)}" width="${px(slot * 0.84)}" height="${px(barHeight)}" rx="2"/>
${bin.count > 0 ? html`<text x="${px(center)}" y="${px(bottom - barHeight - 5)}" font-size="12" font-weight="600" text-anchor="middle">${bin.count}</text>` : null}</g>`;
  });
  const edges = chart.edges.map((label, i) =>
    label ? html`<text class="tick-label" x="${px(LEFT + slot * i)}" y="${bottom + 15}" font-size="11" text-anchor="middle">${label}</text>` : null,
  );
  return svgFrame(
    chart,
    WIDTH,
    height,
    html`${grid}
${bars}
<line class="axis-line" x1="${LEFT}" x2="${RIGHT}" y1="${bottom}" y2="${bottom}"/>
${edges}
${axisTitle((LEFT + RIGHT) / 2, height - 6, chart.axisLabel)}`,
  );
}

/** The bins in words, for the chart's description: "0–10: 2 students; 90–100: 1 student". */
export function describeBins(bins: Bin[], unit: string): string {
  const filled = bins.filter((bin) => bin.count > 0);
  if (filled.length === 0) return `No ${unit}s yet.`;
  return filled.map((bin) => `${bin.label}: ${bin.count} ${unit}${bin.count === 1 ? '' : 's'}`).join('; ');
}
