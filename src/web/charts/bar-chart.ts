import { html, type Html } from '../html/html.js';
import { linearScale, logScale } from './scales.js';
import { axisTitle, px, svgFrame, type ChartText } from './svg-frame.js';

export interface Bar {
  label: string;
  /** null: not measured (the bar is absent and says so). */
  value: number | null;
  tone: 'baseline' | 'mine' | 'reference' | 'plain';
}

export interface BarChart extends ChartText {
  bars: Bar[];
  scale: 'log' | 'linear';
  format: (value: number) => string;
  axisLabel: string;
  /** A dashed line across the bars, e.g. the time that earns full speed points. */
  marker?: { value: number; label: string };
  /** Linear ticks are round in this unit (1024 for KiB: 2 KiB, 4 KiB rather than 1.95 KiB). */
  tickUnit?: number;
}

// Drawn for a phone's width (about 360 px) and scaled up on wider screens, so the text stays readable on both.
const WIDTH = 360;
const LABEL_END = 70;
const PLOT_START = 76;
const PLOT_END = 268;
const BAR = 24;
const GAP = 12;

/** Horizontal bars with their values written beside them; on a log scale the axis has whole decades. */
export function barChart(chart: BarChart): Html {
  const values = chart.bars.flatMap((bar) => (bar.value === null ? [] : [bar.value]));
  const markerValues = chart.marker ? [chart.marker.value] : [];
  const length = PLOT_END - PLOT_START;
  const scale = chart.scale === 'log' ? logScale([...values, ...markerValues], length) : linearScale([...values, ...markerValues], length, 3, chart.tickUnit);
  const top = chart.marker ? 26 : 8;
  const plotBottom = top + chart.bars.length * (BAR + GAP) - GAP + 8;
  const height = plotBottom + 46;
  const x = (value: number) => PLOT_START + scale.position(value);

  const grid = scale.ticks.map(
    (tick) => html`<line class="grid-line" x1="${px(x(tick))}" x2="${px(x(tick))}" y1="${top - 4}" y2="${plotBottom}"/>
<text class="tick-label" x="${px(x(tick))}" y="${plotBottom + 18}" font-size="11" text-anchor="middle">${chart.format(tick)}</text>`,
  );
  const bars = chart.bars.map((bar, i) => {
    const y = top + i * (BAR + GAP);
    const label = html`<text x="${LABEL_END}" y="${y + BAR / 2 + 5}" font-size="13" text-anchor="end">${bar.label}</text>`;
    if (bar.value === null) {
      return html`${label}<text class="axis-label" x="${PLOT_START + 4}" y="${y + BAR / 2 + 5}" font-size="13">not measured</text>`;
    }
    const end = Math.max(PLOT_START + 2, x(bar.value));
    return html`<g><title>${bar.label}: ${chart.format(bar.value)}</title>${label}
<rect class="bar-${bar.tone}" x="${PLOT_START}" y="${y}" width="${px(end - PLOT_START)}" height="${BAR}" rx="3"/>
<text class="value-label" x="${px(end + 6)}" y="${y + BAR / 2 + 5}" font-size="13" font-weight="600">${chart.format(bar.value)}</text></g>`;
  });
  const marker = chart.marker
    ? html`<line class="target-line" x1="${px(x(chart.marker.value))}" x2="${px(x(chart.marker.value))}" y1="${top - 6}" y2="${plotBottom}"/>
<text class="target-label" x="${px(x(chart.marker.value))}" y="${top - 10}" font-size="11" text-anchor="middle">${chart.marker.label}</text>`
    : null;
  return svgFrame(
    chart,
    WIDTH,
    height,
    html`${grid}
<line class="axis-line" x1="${PLOT_START}" x2="${PLOT_START}" y1="${top - 4}" y2="${plotBottom}"/>
${marker}
${bars}
${axisTitle((PLOT_START + PLOT_END) / 2, height - 6, chart.axisLabel)}`,
  );
}
