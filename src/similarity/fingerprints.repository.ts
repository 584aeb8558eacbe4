import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { json } from '../database/columns.js';
import { execute, queryRows } from '../database/query.js';
import type { FileFingerprints } from './analysis/fingerprints.js';

const CachedRow = z.strictObject({ id: z.string(), fingerprints: json<FileFingerprints>() });

/** The similarity_fingerprints table: each submission's fingerprints, per fingerprinting settings, made once. */
@Injectable()
export class FingerprintsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async cached(ids: readonly string[], settings: string): Promise<Map<string, FileFingerprints>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows(
      this.dataSource,
      `SELECT submission_id AS id, fingerprints FROM similarity_fingerprints WHERE settings = $1 AND submission_id = ANY($2::uuid[])`,
      [settings, ids],
      CachedRow,
    );
    return new Map(rows.map((row) => [row.id, row.fingerprints]));
  }

  /** Idempotent: a fingerprint made twice (two runs at once) is the same fingerprint. */
  async store(entries: readonly { id: string; fingerprints: FileFingerprints }[], settings: string): Promise<void> {
    if (entries.length === 0) return;
    await execute(
      this.dataSource,
      `INSERT INTO similarity_fingerprints (submission_id, settings, fingerprints)
       SELECT id, $1, fingerprints FROM unnest($2::uuid[], $3::jsonb[]) AS t(id, fingerprints)
       ON CONFLICT (submission_id, settings) DO NOTHING`,
      [settings, entries.map((e) => e.id), entries.map((e) => JSON.stringify(e.fingerprints))],
    );
  }
}
