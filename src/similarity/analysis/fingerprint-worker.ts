import type * as WorkerThreads from 'node:worker_threads';
import type { FileFingerprints } from './fingerprints.js';

export interface WorkerSetup {
  /** file: URL of @dodona/dolos-lib, resolved by the parent (an evaluated worker has no location to resolve from). */
  dolosUrl: string;
  /** The tree-sitter grammar package Dolos loads. */
  grammar: string;
  kgramLength: number;
  window: number;
}

export type WorkerAnswer = { id: number; fingerprints: FileFingerprints[] } | { id: number; error: string };

/**
 * The fingerprinting worker's code. It runs in a worker thread as its source text (`(${fingerprintWorker})(…)`,
 * like the pages' client script), so it is type-checked with the rest and needs no file of its own in the
 * build; it must not refer to anything outside itself. Each message is a batch of sources; the answer holds,
 * per source, the winnowed k-grams with the region each covers.
 */
export function fingerprintWorker(threads: typeof WorkerThreads): void {
  const setup = threads.workerData as WorkerSetup;
  const port = threads.parentPort!;
  type Dolos = typeof import('@dodona/dolos-lib');
  const ready = (import(setup.dolosUrl) as Promise<Dolos>).then(async (dolos) => ({
    dolos,
    tokenizer: await new dolos.CustomTreeSitterLanguage('python', ['.py'], setup.grammar).createTokenizer({ includeComments: false }),
    winnow: new dolos.WinnowFilter(setup.kgramLength, setup.window),
  }));
  port.on('message', (message: { id: number; sources: string[] }) => {
    ready
      .then(({ dolos, tokenizer, winnow }) => {
        const fingerprints = message.sources.map((source) => {
          const file = tokenizer.tokenizeFile(new dolos.File('submission.py', source));
          const hashes: number[] = [];
          const regions: number[] = [];
          for (const { hash, start, stop } of winnow.fingerprints(file.tokens)) {
            // A ")" carries the location of the whole node it closes, which may begin lines earlier: the
            // k-gram's region is that of its other tokens (Dolos merges only the first and the last).
            let region = null as InstanceType<Dolos['Region']> | null;
            for (let i = start; i <= stop; i++) {
              if (file.tokens[i] !== ')') region = region ? dolos.Region.merge(region, file.mapping[i]) : file.mapping[i];
            }
            region ??= dolos.Region.merge(file.mapping[start], file.mapping[stop]);
            hashes.push(hash);
            regions.push(region.startRow, region.startCol, region.endRow, region.endCol);
          }
          return { hashes, regions };
        });
        port.postMessage({ id: message.id, fingerprints } satisfies WorkerAnswer);
      })
      .catch((error: unknown) =>
        port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerAnswer),
      );
  });
}
