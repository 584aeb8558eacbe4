import { analyseClass } from '../../src/similarity/analysis/analyse-class.js';
import { ClassComparison } from '../../src/similarity/analysis/class-comparison.js';
import { clustersOf } from '../../src/similarity/analysis/clusters.js';
import type { FileFingerprints } from '../../src/similarity/analysis/fingerprints.js';
import { sharedFragments } from '../../src/similarity/analysis/shared-fragments.js';
import { SimilarityHistogram } from '../../src/similarity/analysis/similarity-histogram.js';
import { markedListing } from '../../src/web/pages/marked-listing.js';

/** Fingerprints with one k-gram per line: hash h on line i. */
const file = (...hashes: number[]): FileFingerprints => ({ hashes, regions: hashes.flatMap((_, i) => [i, 0, i, 5]) });

describe('class comparison', () => {
  it('scores shared own k-grams over both files own k-grams, leaving the given code out', () => {
    const given = new Set([100, 101]);
    const comparison = new ClassComparison([file(1, 2, 3, 100, 101), file(1, 2, 3, 9, 100)], given);
    expect(comparison.ownSize(0)).toBe(3);
    expect(comparison.ownSize(1)).toBe(4);
    expect(comparison.score(0, 1)).toMatchObject({ similarity: 6 / 7, longest: 3, longestLines: 3, leftShared: 3, rightShared: 3 });
  });

  it('counts a run across given code that both files kept', () => {
    const comparison = new ClassComparison([file(1, 2, 100, 3, 4), file(7, 1, 2, 100, 3, 4)], new Set([100]));
    expect(comparison.score(0, 1).longest).toBe(4);
  });

  it('finds moved blocks as separate runs', () => {
    const comparison = new ClassComparison([file(1, 2, 3, 7, 8, 9), file(7, 8, 9, 1, 2, 3)], new Set());
    expect(comparison.score(0, 1)).toMatchObject({ similarity: 1, longest: 3 });
    expect(
      sharedFragments(file(1, 2, 3, 7, 8, 9), file(7, 8, 9, 1, 2, 3), new Set()).map((f) => [f.left.startRow, f.right.startRow, f.length]),
    ).toEqual([
      [0, 3, 3],
      [3, 0, 3],
    ]);
  });

  it('never compares two files of the same author, and counts every other pair', async () => {
    const analysis = await analyseClass(
      [
        { id: 'a1', author: 'ann', fingerprints: file(1, 2, 3) },
        { id: 'a2', author: 'ann', fingerprints: file(1, 2, 3) },
        { id: 'b1', author: 'bob', fingerprints: file(4, 5, 6) },
      ],
      new Set(),
    );
    expect(analysis.comparedPairs).toBe(2);
    expect(analysis.pairs).toEqual([]);
    expect(analysis.histogram[0].count).toBe(2);
  });
});

describe('clusters and histogram', () => {
  it('joins submissions through each other and keeps groups of three or more', () => {
    const clusters = clustersOf([
      { left: 'a', right: 'b' },
      { left: 'b', right: 'c' },
      { left: 'x', right: 'y' },
      { left: 'd', right: 'c' },
    ]);
    expect(clusters.map((c) => c.sort())).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('bins similarities by tenths, 1 in the last bin', () => {
    const histogram = new SimilarityHistogram();
    for (const s of [0, 0.05, 0.1, 0.99, 1]) histogram.add(s);
    expect(histogram.bins().map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});

describe('the side-by-side listing', () => {
  it('marks the fragment, escapes the code and links to the other side', () => {
    const listing = markedListing('x = "<b>"\n    y = 1\nz = 2\n', [{ fragment: 2, region: [0, 4, 1, 9] }], 'left', 'caption').value;
    expect(listing).toContain('x = <mark class="frag frag-1" data-fragment="2">&quot;&lt;b&gt;&quot;</mark>');
    expect(listing).toContain('    <mark class="frag frag-1" data-fragment="2">y = 1</mark>');
    expect(listing).toContain('<a class="frag-link" id="left-frag-2" href="#right-frag-2"');
    expect(listing).toContain('<td class="source">z = 2</td>');
  });
});
