import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReviewStatus = 'reviewed' | 'suspicious';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['reviewed', 'suspicious'];

/** An instructor's verdict on a pair of submissions; it outlives the run it was made on. left_id < right_id. */
@Entity('similarity_reviews')
export class SimilarityReviewEntity {
  @PrimaryColumn('uuid', { name: 'left_id' })
  leftId: string;

  @PrimaryColumn('uuid', { name: 'right_id' })
  rightId: string;

  @Column('text')
  status: ReviewStatus;

  @Column('text')
  note: string;

  @Column('uuid', { name: 'reviewed_by', nullable: true })
  reviewedBy: string | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
