import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Assignment } from '../assignments/assignment.types.js';

/** The texts the assignment pages show, kept with the version so a page always matches its version. */
export interface VersionFiles {
  readme: string;
  baseline: string;
  reference: string;
  generator: string;
}

/** The validated definition without its host path (that differs between machines sharing one database). */
export type StoredDefinition = Omit<Assignment, 'dir'>;

/** One content hash of an assignment folder. A changed YAML or file is a new row; old rows stay for their submissions. */
@Entity('assignment_versions')
export class AssignmentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'assignment_id' })
  assignmentId: string;

  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('jsonb')
  definition: StoredDefinition;

  @Column('jsonb')
  files: VersionFiles;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
