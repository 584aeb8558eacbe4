import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An assignment as the service knows it: a stable slug whose content changes make new versions. */
@Entity('assignments')
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  title: string;

  /** The version new submissions are graded with: the folder's content as of the last start-up. */
  @Column('uuid', { name: 'current_version_id', nullable: true })
  currentVersionId: string | null;

  /** False when the folder disappeared or became invalid: kept for its submissions, closed to new ones. */
  @Column('boolean')
  available: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
