import { setImmediate as nextTurn } from 'node:timers/promises';
import { ClassComparison, type PairScore } from './class-comparison.js';
import type { FileFingerprints } from './fingerprints.js';
import type { RunProgress, SimilarityBin } from './run-results.js';
import { SimilarityHistogram } from './similarity-histogram.js';
import { CLOSEST_PER_SUBMISSION, isFlagged, MAX_STORED_PAIRS, STORE_SIMILARITY } from './similarity-rules.js';

export interface ClassFile {
  /** Submission id. */
  id: string;
  /** The student: their own files are never compared with each other. */
  author: string;
  fingerprints: FileFingerprints;
}

/** A pair by submission id, leftId < rightId (as Postgres orders uuids). */
export interface AnalysedPair extends Omit<PairScore, 'left' | 'right'> {
  leftId: string;
  rightId: string;
  leftOwn: number;
  rightOwn: number;
}

export interface ClassAnalysis {
  /** The pairs worth keeping, most similar first (ties: longer shared fragment first). */
  pairs: AnalysedPair[];
  comparedPairs: number;
  sharingPairs: number;
  flaggedPairs: number;
  histogram: SimilarityBin[];
}

export interface AnalyseOptions {
  onProgress?: (progress: RunProgress) => void;
  /** Work at most this long before letting the event loop serve others (the server runs analyses in-process). */
  sliceMs?: number;
}

/**
 * Compares every pair of files by different authors. Keeps the similar pairs (and, for each file, its three
 * closest others) rather than all n²/2: the histogram counts every pair, the tables need only these.
 */
export async function analyseClass(files: readonly ClassFile[], ignored: ReadonlySet<number>, options: AnalyseOptions = {}): Promise<ClassAnalysis> {
  const sorted = [...files].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const comparison = new ClassComparison(
    sorted.map((file) => file.fingerprints),
    ignored,
    sorted.map((file) => file.author),
  );
  const histogram = new SimilarityHistogram();
  const closest: PairScore[][] = sorted.map(() => []);
  const kept: PairScore[] = [];
  let comparedPairs = 0;
  let sharingPairs = 0;
  let flaggedPairs = 0;
  const sliceMs = options.sliceMs ?? 20;
  let sliceStart = performance.now();
  for (let i = 0; i < sorted.length; i++) {
    const row = comparison.row(i);
    const comparable = comparison.comparableAfter(i);
    comparedPairs += comparable;
    sharingPairs += row.length;
    histogram.add(0, comparable - row.length);
    for (const score of row) {
      histogram.add(score.similarity);
      const flagged = isFlagged(score);
      if (flagged) flaggedPairs++;
      if (flagged || score.similarity >= STORE_SIMILARITY) kept.push(score);
      offer(closest[score.left], score);
      offer(closest[score.right], score);
    }
    if (performance.now() - sliceStart >= sliceMs) {
      options.onProgress?.({ phase: 'comparing', done: i + 1, total: sorted.length });
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  const chosen = new Set(kept.sort(byRank).slice(0, MAX_STORED_PAIRS));
  for (const list of closest) for (const score of list) chosen.add(score);
  const pairs = [...chosen].sort(byRank).map((score) => ({
    leftId: sorted[score.left].id,
    rightId: sorted[score.right].id,
    similarity: score.similarity,
    longest: score.longest,
    longestLines: score.longestLines,
    leftShared: score.leftShared,
    rightShared: score.rightShared,
    leftOwn: comparison.ownSize(score.left),
    rightOwn: comparison.ownSize(score.right),
  }));
  return { pairs, comparedPairs, sharingPairs, flaggedPairs, histogram: histogram.bins() };
}

export function byRank(a: { similarity: number; longest: number }, b: { similarity: number; longest: number }): number {
  return b.similarity - a.similarity || b.longest - a.longest;
}

/** Keeps a file's closest pairs (a short sorted list). */
function offer(list: PairScore[], score: PairScore): void {
  if (score.similarity === 0) return;
  if (list.length === CLOSEST_PER_SUBMISSION && byRank(score, list[list.length - 1]) >= 0) return;
  list.push(score);
  list.sort(byRank);
  if (list.length > CLOSEST_PER_SUBMISSION) list.pop();
}
