import fs from 'node:fs';
import { analyseClass, type AnalysedPair } from '../../src/similarity/analysis/analyse-class.js';
import { clustersOf } from '../../src/similarity/analysis/clusters.js';
import { PythonFingerprinter } from '../../src/similarity/analysis/python-fingerprinter.js';
import { sharedFragments } from '../../src/similarity/analysis/shared-fragments.js';
import { isFlagged } from '../../src/similarity/analysis/similarity-rules.js';
import { isCopyPair, similarityClass, type ClassStudent } from '../support/similarity-class.js';

/** The fixture class through the real tokenizer (Dolos + tree-sitter-python) and the real comparison, without a database. */
describe('similarity of the fixture class', () => {
  const klass = similarityClass();
  const fingerprinter = new PythonFingerprinter();
  let pairs: (AnalysedPair & { a: ClassStudent; b: ClassStudent })[];
  let compared: number;

  beforeAll(async () => {
    const files = await Promise.all(
      klass.students.map(async (s) => ({ id: s.name, author: s.name, fingerprints: await fingerprinter.fingerprint(s.source) })),
    );
    const baseline = await fingerprinter.fingerprint(fs.readFileSync('assignments/monte-carlo-pi/baseline.py', 'utf8'));
    const analysis = await analyseClass(files, new Set(baseline.hashes));
    const byName = new Map(klass.students.map((s) => [s.name, s]));
    pairs = analysis.pairs.map((pair) => ({ ...pair, a: byName.get(pair.leftId)!, b: byName.get(pair.rightId)! }));
    compared = analysis.comparedPairs;
  });

  afterAll(() => fingerprinter.close());

  it('compares every pair of students', () => {
    expect(compared).toBe((9 * 8) / 2);
  });

  it('scores an exact copy 1', () => {
    expect(pairs.find((p) => p.a.name === 'Alice' && p.b.name === 'Bob')?.similarity).toBe(1);
  });

  it('ranks every copy — renamed and reordered, comments changed — above every pair that is not a copy', () => {
    const copies = pairs.filter((p) => isCopyPair(p.a.group, p.b.group));
    const others = pairs.filter((p) => !isCopyPair(p.a.group, p.b.group));
    expect(copies).toHaveLength(6);
    const lowestCopy = Math.min(...copies.map((p) => p.similarity));
    const highestOther = Math.max(...others.map((p) => p.similarity));
    expect(lowestCopy).toBeGreaterThan(0.8);
    expect(lowestCopy).toBeGreaterThan(highestOther);
    // The ranking as stored (most similar first) starts with the six copy pairs.
    expect(pairs.slice(0, 6).every((p) => isCopyPair(p.a.group, p.b.group))).toBe(true);
  });

  it('flags the copies and nothing else: neither independent solutions nor edits of the baseline', () => {
    const flagged = pairs.filter(isFlagged).map((p) => `${p.a.name}-${p.b.name}`);
    expect(flagged.sort()).toEqual(['Alice-Bob', 'Alice-Carol', 'Alice-Dave', 'Bob-Carol', 'Bob-Dave', 'Carol-Dave']);
    const honest = pairs.filter((p) => p.a.group === 'honest' && p.b.group === 'honest');
    for (const pair of honest) expect(pair.similarity).toBeLessThan(0.4);
  });

  it('finds the copy group as one cluster', () => {
    const clusters = clustersOf(pairs.filter(isFlagged).map((p) => ({ left: p.leftId, right: p.rightId })));
    expect(clusters.map((c) => c.sort())).toEqual([['Alice', 'Bob', 'Carol', 'Dave']]);
  });

  it('links each function of a reordered copy to the same function in the original', async () => {
    const alice = klass.students.find((s) => s.name === 'Alice')!;
    const carol = klass.students.find((s) => s.name === 'Carol')!;
    const baseline = await fingerprinter.fingerprint(fs.readFileSync('assignments/monte-carlo-pi/baseline.py', 'utf8'));
    const fragments = sharedFragments(
      await fingerprinter.fingerprint(alice.source),
      await fingerprinter.fingerprint(carol.source),
      new Set(baseline.hashes),
    );
    const lineOf = (source: string, text: string) => source.split('\n').findIndex((line) => line.includes(text));
    // Alice's dart loop (her first function) is Carol's last function.
    const kernel = fragments.find((f) => f.left.startRow <= lineOf(alice.source, 'hits = 0') && f.left.endRow >= lineOf(alice.source, 'hits += 1'));
    expect(kernel).toBeDefined();
    expect(kernel!.right.startRow).toBeLessThanOrEqual(lineOf(carol.source, 'inside = 0'));
    expect(kernel!.right.endRow).toBeGreaterThanOrEqual(lineOf(carol.source, 'inside += 1'));
    // In the order of the left file, each linked to where it is on the right.
    expect(fragments.map((f) => f.left.startRow)).toEqual([...fragments.map((f) => f.left.startRow)].sort((x, y) => x - y));
  });
});
