/** Maps data values to positions along an axis of `length` pixels, and says where to put ticks. */
export interface Scale {
  position(value: number): number;
  ticks: number[];
}

/**
 * Logarithmic, over whole decades around the data (a 1 ms and a 600 ms bar both readable); 2 and 5 ticks
 * are added when the data spans less than two decades.
 */
export function logScale(values: number[], length: number): Scale {
  const positive = values.filter((v) => v > 0);
  const low = Math.floor(Math.log10(Math.min(...positive, 1e300)));
  let high = Math.ceil(Math.log10(Math.max(...positive, 1e-300)));
  if (positive.length === 0) return { position: () => 0, ticks: [] };
  if (high <= low) high = low + 1;
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    ticks.push(10 ** exponent);
    if (high - low < 2 && exponent < high) ticks.push(2 * 10 ** exponent, 5 * 10 ** exponent);
  }
  const span = high - low;
  return {
    position: (value) => (Math.max(0, Math.min(span, Math.log10(Math.max(value, 10 ** low)) - low)) / span) * length,
    ticks: ticks.sort((a, b) => a - b),
  };
}

/** From 0 to a round number (of `unit`s) above the largest value. */
export function linearScale(values: number[], length: number, tickCount = 4, unit = 1): Scale {
  const max = Math.max(...values.filter(Number.isFinite), 0);
  const step = niceStep(max / unit / tickCount) * unit;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= top + step / 2; tick += step) ticks.push(tick);
  return { position: (value) => (Math.max(0, Math.min(value, top)) / top) * length, ticks };
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude;
}
