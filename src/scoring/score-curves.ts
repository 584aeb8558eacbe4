import type { MemoryCurve, SpeedCurve } from '../assignments/assignment.types.js';

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Share of the speed points (0–1) a speedup earns: nothing at or below the baseline, all at the target. */
export function speedFraction(speedup: number, curve: SpeedCurve): number {
  if (speedup <= 1) return 0;
  if (curve.curve === 'linear') return clamp01((speedup - 1) / (curve.target - 1));
  return clamp01(Math.log(speedup) / Math.log(curve.target));
}

/** Peak memory relative to the baseline's, both raised to the floor so tiny peaks do not make wild ratios. */
export function memoryRatio(peakBytes: number, baselinePeakBytes: number, curve: MemoryCurve): number {
  return Math.max(peakBytes, curve.floorBytes) / Math.max(baselinePeakBytes, curve.floorBytes);
}

/** Share of the memory points (0–1): all at or below targetRatio, none at or above zeroRatio, log-interpolated between. */
export function memoryFraction(ratio: number, curve: MemoryCurve): number {
  if (ratio <= curve.targetRatio) return 1;
  if (ratio >= curve.zeroRatio) return 0;
  return clamp01(1 - Math.log(ratio / curve.targetRatio) / Math.log(curve.zeroRatio / curve.targetRatio));
}

/** Scores are shown with 2 decimals; EPSILON keeps 1.005 from rounding down through binary representation. */
export function roundScore(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}
