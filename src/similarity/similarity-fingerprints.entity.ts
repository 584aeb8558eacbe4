import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FileFingerprints } from './analysis/fingerprints.js';

/** A submission's fingerprints, made once per fingerprinting settings and reused by every later run. */
@Entity('similarity_fingerprints')
export class SimilarityFingerprintsEntity {
  @PrimaryColumn('uuid', { name: 'submission_id' })
  submissionId: string;

  /** Tokenizer and k-gram settings (see fingerprints.ts): other settings make other fingerprints. */
  @PrimaryColumn('text')
  settings: string;

  @Column('jsonb')
  fingerprints: FileFingerprints;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
