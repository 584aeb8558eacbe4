/**
 * What winnowing keeps of one file: its selected k-grams in file order. This is the cache entry of a
 * submission (similarity_fingerprints), so it is plain numbers: JSON-safe and compact.
 */
export interface FileFingerprints {
  /** The hash of each selected k-gram of token kinds. */
  hashes: number[];
  /**
   * Where each k-gram lies in the source, four numbers per k-gram: start row, start column, end row, end
   * column (0-based, columns in UTF-16 code units as JavaScript strings count them; the end is exclusive).
   */
  regions: number[];
}

/** The parameters fingerprints were made with: a cached entry made with others is useless and is made again. */
export interface FingerprintSettings {
  /** Tokens per k-gram. */
  kgramLength: number;
  /** k-grams per winnowing window: at least one fingerprint is kept from every window. */
  window: number;
}

/**
 * Dolos' defaults are k = 23, w = 17, for exercises of a few dozen to a few hundred lines. The fast version
 * of an optimisation exercise is often a 10–20 line numba kernel, and Dolos' tokens are "(", node type, ")"
 * (about three per syntax node, 15–25 per line), so a shorter k-gram and a denser window keep several
 * fingerprints per line. Chosen on the fixture class (test/fixtures/similarity): with k = 15, w = 8 every
 * copy scores at least 0.88 and every pair that is not a copy at most 0.63 (two baseline edits; independent
 * solutions at most 0.33); k = 23, w = 17 left the copy with reordered functions at 0.76.
 */
export const FINGERPRINT_SETTINGS: FingerprintSettings = { kgramLength: 15, window: 8 };

/** Names the settings and the tokenizer, so a changed parser or k invalidates the cache. */
export function settingsKey(settings: FingerprintSettings, tokenizer: string): string {
  return `${tokenizer};k=${settings.kgramLength};w=${settings.window}`;
}

export interface Region {
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
}

export function regionOf(fingerprints: FileFingerprints, kgram: number): Region {
  const at = kgram * 4;
  const r = fingerprints.regions;
  return { startRow: r[at], startCol: r[at + 1], endRow: r[at + 2], endCol: r[at + 3] };
}

/** The smallest region covering both. */
export function mergeRegions(a: Region, b: Region): Region {
  const startFirst = a.startRow < b.startRow || (a.startRow === b.startRow && a.startCol <= b.startCol);
  const endLast = a.endRow > b.endRow || (a.endRow === b.endRow && a.endCol >= b.endCol);
  return {
    startRow: startFirst ? a.startRow : b.startRow,
    startCol: startFirst ? a.startCol : b.startCol,
    endRow: endLast ? a.endRow : b.endRow,
    endCol: endLast ? a.endCol : b.endCol,
  };
}
