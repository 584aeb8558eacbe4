import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RunProgress, RunSummary } from './analysis/run-results.js';

export type RunScope = 'latest' | 'all';
export type RunState = 'queued' | 'running' | 'done' | 'failed';
export const RUN_SCOPES: readonly RunScope[] = ['latest', 'all'];

/** One similarity analysis of an assignment: the job (claimed under a lease) and, once done, its summary. */
@Entity('similarity_runs')
export class SimilarityRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'assignment_id' })
  assignmentId: string;

  /** Null: queued by the worker because new submissions arrived after the last run. */
  @Column('uuid', { name: 'requested_by', nullable: true })
  requestedBy: string | null;

  /** Each student's latest counted submission, or every submission. */
  @Column('text')
  scope: RunScope;

  @Column('text')
  state: RunState;

  /** Incremented by every claim; only the claim holding this number may write the result. */
  @Column('integer')
  attempt: number;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt: Date | null;

  @Column('jsonb', { nullable: true })
  progress: RunProgress | null;

  @Column('jsonb', { nullable: true })
  summary: RunSummary | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}
