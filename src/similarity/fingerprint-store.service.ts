import { Injectable } from '@nestjs/common';
import type { FileFingerprints } from './analysis/fingerprints.js';
import { PythonFingerprinter } from './analysis/python-fingerprinter.js';
import { FingerprintsRepository } from './fingerprints.repository.js';
import { SubmissionRefsRepository } from './submission-refs.repository.js';

/** Fingerprints of submissions, read from the cache; the ones not there yet are made once and cached. */
@Injectable()
export class FingerprintStore {
  constructor(
    private readonly cache: FingerprintsRepository,
    private readonly submissions: SubmissionRefsRepository,
    private readonly fingerprinter: PythonFingerprinter,
  ) {}

  get settingsKey(): string {
    return this.fingerprinter.key;
  }

  async of(
    ids: readonly string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ fingerprints: Map<string, FileFingerprints>; made: number }> {
    const fingerprints = await this.cache.cached(ids, this.fingerprinter.key);
    const missing = ids.filter((id) => !fingerprints.has(id));
    const sources = await this.submissions.sources(missing);
    const texts = missing.map((id) => sources.get(id) ?? '');
    const made = await this.fingerprinter.fingerprintMany(texts, (done) => onProgress?.(done, missing.length));
    const entries = missing.map((id, i) => ({ id, fingerprints: made[i] }));
    await this.cache.store(entries, this.fingerprinter.key);
    for (const { id, fingerprints: made } of entries) fingerprints.set(id, made);
    return { fingerprints, made: missing.length };
  }

  /** Fingerprints of code every student was given: matches on them are no evidence. */
  async given(sources: readonly string[]): Promise<Set<number>> {
    const made = await this.fingerprinter.fingerprintMany(sources);
    return new Set(made.flatMap((file) => file.hashes));
  }
}
