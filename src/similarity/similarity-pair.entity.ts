import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A compared pair of a run worth showing (similar, or among a submission's three closest). left_id < right_id. */
@Entity('similarity_pairs')
export class SimilarityPairEntity {
  @PrimaryColumn('uuid', { name: 'run_id' })
  runId: string;

  @PrimaryColumn('uuid', { name: 'left_id' })
  leftId: string;

  @PrimaryColumn('uuid', { name: 'right_id' })
  rightId: string;

  @Column('double precision')
  similarity: number;

  /** k-grams in the longest shared fragment, and the lines it spans. */
  @Column('integer')
  longest: number;

  @Column('integer', { name: 'longest_lines' })
  longestLines: number;

  @Column('integer', { name: 'left_shared' })
  leftShared: number;

  @Column('integer', { name: 'right_shared' })
  rightShared: number;

  /** k-grams of each side that are not in the code every student was given. */
  @Column('integer', { name: 'left_own' })
  leftOwn: number;

  @Column('integer', { name: 'right_own' })
  rightOwn: number;
}
