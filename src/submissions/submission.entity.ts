import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Report } from '../grading/report.types.js';

export const SUBMISSION_STATUSES = ['queued', 'running', 'graded', 'rejected', 'error'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

@Entity('submissions')
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('uuid', { name: 'assignment_id' })
  assignmentId: string;

  /** The version current when submitted, then the version that graded it (a regrade may move it on). */
  @Column('uuid', { name: 'assignment_version_id' })
  assignmentVersionId: string;

  /** The student's 1st, 2nd, … submission to this assignment. */
  @Column('integer')
  attempt: number;

  @Column('text')
  filename: string;

  @Column('text')
  source: string;

  @Column('text')
  status: SubmissionStatus;

  /** Fraction of the score taken for lateness, fixed when submitted (0 when on time). */
  @Column('double precision', { name: 'late_penalty' })
  latePenalty: number;

  @Column('jsonb', { nullable: true })
  report: Report | null;

  /** The report's score after the late penalty; null until graded, and for infrastructure errors. */
  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('double precision', { name: 'max_score', nullable: true })
  maxScore: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'graded_at', nullable: true })
  gradedAt: Date | null;
}
