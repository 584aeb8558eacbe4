import type { SimilarityBin } from './run-results.js';

/** Ten bins of 10 % each; a similarity of exactly 1 falls in the last. */
export class SimilarityHistogram {
  private readonly counts = new Array<number>(10).fill(0);

  add(similarity: number, times = 1): void {
    this.counts[Math.min(9, Math.max(0, Math.floor(similarity * 10)))] += times;
  }

  bins(): SimilarityBin[] {
    return this.counts.map((count, i) => ({ from: i / 10, to: (i + 1) / 10, count }));
  }
}
