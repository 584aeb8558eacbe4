import type { FileFingerprints } from './fingerprints.js';

/** How much two files share, counted in k-grams of their own code (code everyone was given left out). */
export interface PairScore {
  /** Indexes into the compared files; left < right. */
  left: number;
  right: number;
  /** (left's shared k-grams + right's) / (left's own + right's own), from 0 to 1. */
  similarity: number;
  /** The longest run of consecutive k-grams found in the same order in both files. */
  longest: number;
  /** Source lines that run spans (the fewer of the two sides'): what an instructor reads. */
  longestLines: number;
  /** k-grams of each side whose fingerprint the other side also has. */
  leftShared: number;
  rightShared: number;
}

/**
 * A file as the comparison sees it: its own k-grams, numbered 0, 1, … in file order. Runs are counted over
 * this numbering, so a copied function stays one run across the baseline lines it kept (they are skipped in
 * both files alike).
 */
export interface OwnCode {
  /** Own k-gram count: every k-gram whose fingerprint is not in the ignored code. */
  size: number;
  /** hash → own numbers (ascending) of the k-grams with that hash. */
  positions: Map<number, number[]>;
  /** Own k-grams in file order: [index among all k-grams, hash, …], two entries per own number. */
  sequence: number[];
}

/**
 * Pairwise comparison of a class, one row at a time so a caller can yield between rows (and report
 * progress). Only pairs that share at least one fingerprint are scored; every other pair is 0 and is only
 * counted. Fingerprints of the ignored code (the baseline everyone started from) count for neither
 * similarity nor length: a file that only edits the baseline has little own code, and shares little of it.
 */
export class ClassComparison {
  private readonly own: OwnCode[];
  private readonly files: readonly FileFingerprints[];
  /** hash → files whose own code has it, ascending. */
  private readonly filesWith = new Map<number, number[]>();

  constructor(
    files: readonly FileFingerprints[],
    ignored: ReadonlySet<number>,
    /** Files of the same author are never compared (a student's own attempts resemble each other). */
    private readonly authors?: readonly string[],
  ) {
    this.files = files;
    this.own = files.map((file) => ownCode(file, ignored));
    this.own.forEach((code, index) => {
      for (const hash of code.positions.keys()) {
        const list = this.filesWith.get(hash);
        if (list) list.push(index);
        else this.filesWith.set(hash, [index]);
      }
    });
  }

  get size(): number {
    return this.own.length;
  }

  ownSize(file: number): number {
    return this.own[file].size;
  }

  /** Pairs (file, j) with j > file that can be compared at all. */
  comparableAfter(file: number): number {
    if (!this.authors) return this.own.length - file - 1;
    let count = 0;
    for (let j = file + 1; j < this.own.length; j++) if (this.authors[j] !== this.authors[file]) count++;
    return count;
  }

  /** Scores of (file, j) for every j > file sharing a fingerprint with it, by j. */
  row(file: number): PairScore[] {
    const partners = new Set<number>();
    for (const hash of this.own[file].positions.keys()) {
      for (const other of this.filesWith.get(hash)!) if (other > file) partners.add(other);
    }
    const scores: PairScore[] = [];
    for (const other of [...partners].sort((a, b) => a - b)) {
      if (this.authors && this.authors[other] === this.authors[file]) continue;
      scores.push(this.score(file, other));
    }
    return scores;
  }

  score(left: number, right: number): PairScore {
    const a = this.own[left];
    const b = this.own[right];
    const leftShared = sharedCount(a, b);
    const rightShared = sharedCount(b, a);
    const total = a.size + b.size;
    const run = longestRun(a, b);
    const longestLines =
      run.length === 0
        ? 0
        : Math.min(lineSpan(this.files[left], a, run.leftEnd, run.length), lineSpan(this.files[right], b, run.rightEnd, run.length));
    return {
      left,
      right,
      similarity: total === 0 ? 0 : (leftShared + rightShared) / total,
      longest: run.length,
      longestLines,
      leftShared,
      rightShared,
    };
  }
}

export function ownCode(file: FileFingerprints, ignored: ReadonlySet<number>): OwnCode {
  const positions = new Map<number, number[]>();
  const sequence: number[] = [];
  file.hashes.forEach((hash, index) => {
    if (ignored.has(hash)) return;
    const ownIndex = sequence.length / 2;
    sequence.push(index, hash);
    const list = positions.get(hash);
    if (list) list.push(ownIndex);
    else positions.set(hash, [ownIndex]);
  });
  return { size: sequence.length / 2, positions, sequence };
}

function sharedCount(from: OwnCode, other: OwnCode): number {
  let shared = 0;
  for (const [hash, list] of from.positions) if (other.positions.has(hash)) shared += list.length;
  return shared;
}

/**
 * Longest common run: own k-grams p, p+1, … of one file matching q, q+1, … of the other. The dynamic
 * programme only visits matching pairs, so it costs what the files share.
 */
function longestRun(a: OwnCode, b: OwnCode): { length: number; leftEnd: number; rightEnd: number } {
  const longest = { length: 0, leftEnd: 0, rightEnd: 0 };
  let previous = new Map<number, number>();
  for (let p = 0; p < a.size; p++) {
    const matches = b.positions.get(a.sequence[2 * p + 1]);
    const current = new Map<number, number>();
    for (const q of matches ?? []) {
      const run = (previous.get(q - 1) ?? 0) + 1;
      current.set(q, run);
      if (run > longest.length) Object.assign(longest, { length: run, leftEnd: p, rightEnd: q });
    }
    previous = current;
  }
  return longest;
}

/** Lines from the start of the run's first k-gram to the end of its last (`end` is an own number). */
function lineSpan(file: FileFingerprints, own: OwnCode, end: number, length: number): number {
  const first = own.sequence[2 * (end - length + 1)];
  const last = own.sequence[2 * end];
  return file.regions[last * 4 + 2] - file.regions[first * 4] + 1;
}
