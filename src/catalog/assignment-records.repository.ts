import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssignmentVersionEntity, type StoredDefinition, type VersionFiles } from './assignment-version.entity.js';
import { AssignmentEntity } from './assignment.entity.js';

/** An assignment with the version new submissions get. */
export interface CurrentAssignment {
  assignment: AssignmentEntity;
  version: AssignmentVersionEntity;
}

@Injectable()
export class AssignmentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes sure the assignment and this content hash are known, and returns the version's id. Idempotent and
   * safe when several processes start at once (ON CONFLICT), and it never changes what is current.
   */
  async register(slug: string, title: string, contentHash: string, definition: StoredDefinition, files: VersionFiles): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`INSERT INTO assignments (slug, title, available) VALUES ($1, $2, false) ON CONFLICT (slug) DO NOTHING`, [slug, title]);
      const [{ id: assignmentId }] = await tx.query(`SELECT id FROM assignments WHERE slug = $1`, [slug]);
      await tx.query(
        `INSERT INTO assignment_versions (assignment_id, content_hash, definition, files) VALUES ($1, $2, $3::jsonb, $4::jsonb)
         ON CONFLICT (assignment_id, content_hash) DO NOTHING`,
        [assignmentId, contentHash, JSON.stringify(definition), JSON.stringify(files)],
      );
      const [{ id }] = await tx.query(`SELECT id FROM assignment_versions WHERE assignment_id = $1 AND content_hash = $2`, [assignmentId, contentHash]);
      return id as string;
    });
  }

  /** The server's view of the assignments folder becomes what students see: these versions current, the rest closed. */
  async publish(current: { slug: string; title: string; versionId: string }[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const { slug, title, versionId } of current) {
        await tx.query(`UPDATE assignments SET current_version_id = $2, title = $3, available = true, updated_at = now() WHERE slug = $1`, [slug, versionId, title]);
      }
      await tx.query(`UPDATE assignments SET available = false, updated_at = now() WHERE available AND NOT (slug = ANY($1::text[]))`, [current.map((c) => c.slug)]);
    });
  }

  async current(slug: string): Promise<CurrentAssignment | null> {
    const assignment = await this.dataSource.getRepository(AssignmentEntity).findOneBy({ slug });
    if (!assignment?.currentVersionId) return null;
    const version = await this.dataSource.getRepository(AssignmentVersionEntity).findOneByOrFail({ id: assignment.currentVersionId });
    return { assignment, version };
  }

  /** Every assignment that has been published, with its current version. */
  async listCurrent(): Promise<CurrentAssignment[]> {
    const assignments = await this.dataSource.getRepository(AssignmentEntity).find({ order: { slug: 'ASC' } });
    const versions = await this.dataSource.getRepository(AssignmentVersionEntity).find({
      select: { id: true, assignmentId: true, contentHash: true, definition: true, createdAt: true },
    });
    const byId = new Map(versions.map((v) => [v.id, v]));
    return assignments.flatMap((assignment) => {
      const version = assignment.currentVersionId ? byId.get(assignment.currentVersionId) : undefined;
      return version ? [{ assignment, version }] : [];
    });
  }
}
