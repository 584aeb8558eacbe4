import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GradingProgress } from '../grading/report.types.js';

export type JobKind = 'grade' | 'regrade';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** New submissions go first; regrades wait behind them (lower number = sooner). */
export const JOB_PRIORITY: Record<JobKind, number> = { grade: 0, regrade: 10 };

/** The durable queue: one row per grading of a submission. */
@Entity('grading_jobs')
export class GradingJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'submission_id' })
  submissionId: string;

  @Column('text')
  kind: JobKind;

  @Column('integer')
  priority: number;

  @Column('text')
  state: JobState;

  /** Incremented by every claim; a result is written only by the claim that still holds this number (fencing). */
  @Column('integer')
  attempt: number;

  /** Infrastructure failures so far (including workers that died holding the job). */
  @Column('integer')
  failures: number;

  @Column('timestamptz', { name: 'run_after' })
  runAfter: Date;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt: Date | null;

  /** Latest progress of the running attempt, for event streams served by other processes. */
  @Column('jsonb', { nullable: true })
  progress: GradingProgress | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}
