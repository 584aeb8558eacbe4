import { ownCode, type OwnCode } from './class-comparison.js';
import { mergeRegions, regionOf, type FileFingerprints, type Region } from './fingerprints.js';

/** A stretch of code found in both files: consecutive k-grams matching in the same order. */
export interface SharedFragment {
  /** k-grams in the fragment. */
  length: number;
  left: Region;
  right: Region;
}

/**
 * The shared fragments of two files, for showing them side by side: maximal runs of matching own k-grams
 * (fingerprints of the ignored code never match; the run is counted as ClassComparison counts its longest),
 * chosen longest first so that each stretch of either file belongs to one fragment; returned in the order
 * they appear in the left file.
 */
export function sharedFragments(left: FileFingerprints, right: FileFingerprints, ignored: ReadonlySet<number>): SharedFragment[] {
  const a = ownCode(left, ignored);
  const b = ownCode(right, ignored);
  const matches = new Set<string>();
  const key = (p: number, q: number) => `${p}:${q}`;
  for (let p = 0; p < a.size; p++) for (const q of b.positions.get(a.sequence[2 * p + 1]) ?? []) matches.add(key(p, q));
  // Each diagonal run starts at a match whose predecessor on the diagonal is not one.
  const runs: { p: number; q: number; length: number }[] = [];
  for (const match of matches) {
    const [p, q] = match.split(':').map(Number);
    if (matches.has(key(p - 1, q - 1))) continue;
    let length = 1;
    while (matches.has(key(p + length, q + length))) length++;
    runs.push({ p, q, length });
  }
  runs.sort((x, y) => y.length - x.length || x.p - y.p || x.q - y.q);
  const usedLeft: [number, number][] = [];
  const usedRight: [number, number][] = [];
  const overlaps = (used: [number, number][], from: number, length: number) => used.some(([start, end]) => from < end && start < from + length);
  const kept: { p: number; q: number; length: number }[] = [];
  for (const run of runs) {
    if (overlaps(usedLeft, run.p, run.length) || overlaps(usedRight, run.q, run.length)) continue;
    kept.push(run);
    usedLeft.push([run.p, run.p + run.length]);
    usedRight.push([run.q, run.q + run.length]);
  }
  return kept
    .sort((x, y) => x.p - y.p)
    .map((run) => ({ length: run.length, left: span(left, a, run.p, run.length), right: span(right, b, run.q, run.length) }));
}

/** The source region of own k-grams from..from+length-1 (skipped baseline k-grams in between included). */
function span(file: FileFingerprints, own: OwnCode, from: number, length: number): Region {
  let region = regionOf(file, own.sequence[2 * from]);
  for (let i = from + 1; i < from + length; i++) region = mergeRegions(region, regionOf(file, own.sequence[2 * i]));
  return region;
}
