/** Back-off between tries: base, 4 × base, 16 × base, … (at most an hour), ±20 % so retries do not arrive together. */
export function retryDelayS(baseS: number, failures: number, random: () => number = Math.random): number {
  const delay = Math.min(3600, baseS * 4 ** Math.max(0, failures - 1));
  return Math.round(delay * (0.8 + 0.4 * random()) * 10) / 10;
}
