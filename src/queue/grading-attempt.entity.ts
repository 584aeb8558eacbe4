import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AttemptOutcome = 'graded' | 'rejected' | 'error' | 'lease_expired' | 'released' | 'superseded';

/** One claim of a job by a worker: the audit trail that shows a job was graded once, whatever crashed. */
@Entity('grading_attempts')
export class GradingAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'job_id' })
  jobId: string;

  @Column('integer')
  attempt: number;

  @Column('text')
  worker: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column('text', { nullable: true })
  outcome: AttemptOutcome | null;

  @Column('text', { nullable: true })
  error: string | null;
}
