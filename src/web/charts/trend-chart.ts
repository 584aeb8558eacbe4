import { html, type Html } from '../html/html.js';
import { linearScale, logScale } from './scales.js';
import { axisTitle, horizontalGrid, px, svgFrame, type ChartText } from './svg-frame.js';

export interface TrendPoint {
  /** Shown under the point, e.g. "#3". */
  label: string;
  value: number;
  /** Drawn filled (e.g. the submission that counts). */
  highlight?: boolean;
}

export interface TrendChart extends ChartText {
  points: TrendPoint[];
  scale: 'log' | 'linear';
  /** For a linear scale: the top of the axis (e.g. the maximum score). */
  max?: number;
  format: (value: number) => string;
  axisLabel: string;
}

// Drawn for a phone's width and scaled up on wider screens (see bar-chart.ts).
const WIDTH = 360;
const LEFT = 44;
const RIGHT = 350;
const TOP = 14;
const PLOT_HEIGHT = 130;

/** A value per attempt, joined by a line; every point has its value as a tooltip and in the description. */
export function trendChart(chart: TrendChart): Html {
  const values = chart.points.map((point) => point.value);
  const scale = chart.scale === 'log' ? logScale(values, PLOT_HEIGHT) : linearScale([...values, chart.max ?? 0], PLOT_HEIGHT, 4);
  const bottom = TOP + PLOT_HEIGHT;
  const height = bottom + 44;
  const step = chart.points.length > 1 ? (RIGHT - LEFT - 20) / (chart.points.length - 1) : 0;
  const x = (i: number) => (chart.points.length > 1 ? LEFT + 10 + i * step : (LEFT + RIGHT) / 2);
  const y = (value: number) => bottom - scale.position(value);
  const labelEvery = Math.max(1, Math.ceil(chart.points.length / 10));
  const grid = horizontalGrid(scale.ticks, LEFT, RIGHT, y, chart.format);
  const line = chart.points.length > 1 ? html`<polyline class="series-line" points="${chart.points.map((p, i) => `${px(x(i))},${px(y(p.value))}`).join(' ')}"/>` : null;
  const points = chart.points.map(
    (point, i) => html`<g><title>${point.label}: ${chart.format(point.value)}</title>
<circle class="series-point${point.highlight ? ' good' : ''}" cx="${px(x(i))}" cy="${px(y(point.value))}" r="5"/>
${i % labelEvery === 0 || i === chart.points.length - 1 ? html`<text class="tick-label" x="${px(x(i))}" y="${bottom + 16}" font-size="11" text-anchor="middle">${point.label}</text>` : null}</g>`,
  );
  return svgFrame(
    chart,
    WIDTH,
    height,
    html`${grid}
<line class="axis-line" x1="${LEFT}" x2="${RIGHT}" y1="${bottom}" y2="${bottom}"/>
${line}
${points}
${axisTitle((LEFT + RIGHT) / 2, height - 6, chart.axisLabel)}`,
  );
}
