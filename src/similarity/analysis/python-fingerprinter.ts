import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FINGERPRINT_SETTINGS, settingsKey, type FileFingerprints, type FingerprintSettings } from './fingerprints.js';
import { fingerprintWorker, type WorkerAnswer, type WorkerSetup } from './fingerprint-worker.js';

/**
 * Dolos' tokenizer and winnowing, pinned: @dodona/dolos-lib 3.5.1 with the tree-sitter-python 0.25 grammar.
 * The grammar comes from tree-sitter-python (a prebuilt binary in its npm package) through Dolos' own hook
 * for custom grammars, rather than from @dodona/dolos-parsers, which compiles twenty grammars (about 75 s and
 * 430 MB here) to use one.
 */
export const TOKENIZER = 'dolos-3.5.1/tree-sitter-python-0.25.0';

/** Sources per message to the worker: large enough that messaging costs nothing, small enough for steady progress. */
const BATCH = 25;

/**
 * Turns Python source into winnowed fingerprints. Tokens are the kinds of syntax nodes (Dolos' CodeTokenizer:
 * "(", node type, ")"), never names, literals' values or comments — so renaming variables, editing comments
 * or moving functions around leaves a copy's fingerprints in place.
 *
 * The parsing runs in a worker thread: it keeps CPU work off the server's event loop, and it gives the
 * native tree-sitter binding a module system of its own — loaded a second time in one process (as jest does
 * for every test file) tree-sitter's JavaScript wrapper breaks its own prototypes.
 */
@Injectable()
export class PythonFingerprinter implements OnApplicationShutdown {
  readonly settings: FingerprintSettings = FINGERPRINT_SETTINGS;
  readonly key = settingsKey(FINGERPRINT_SETTINGS, TOKENIZER);
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (fingerprints: FileFingerprints[]) => void; reject: (error: Error) => void }>();

  async fingerprint(source: string): Promise<FileFingerprints> {
    return (await this.fingerprintMany([source]))[0];
  }

  /** In order; `onBatch` after each batch (for progress). */
  async fingerprintMany(sources: readonly string[], onBatch?: (done: number) => void): Promise<FileFingerprints[]> {
    const results: FileFingerprints[] = [];
    for (let from = 0; from < sources.length; from += BATCH) {
      results.push(...(await this.ask(sources.slice(from, from + BATCH))));
      onBatch?.(results.length);
    }
    return results;
  }

  /** After the similarity worker has stopped (it does in onModuleDestroy), so a run in progress keeps its parser. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask(sources: string[]): Promise<FileFingerprints[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, sources });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const setup: WorkerSetup = {
      dolosUrl: pathToFileURL(createRequire(import.meta.url).resolve('@dodona/dolos-lib')).href,
      grammar: 'tree-sitter-python',
      ...this.settings,
    };
    const worker = new Worker(`(${fingerprintWorker.toString()})(require('node:worker_threads'));`, { eval: true, workerData: setup });
    // An idle worker must not keep the process (a CLI, a test) alive.
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('error' in answer) waiting?.reject(new Error(`fingerprinting failed: ${answer.error}`));
      else waiting?.resolve(answer.fingerprints);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the fingerprinting worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
