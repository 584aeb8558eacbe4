import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { json, timestamp } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { AssignmentRecord, AssignmentVersion, StoredDefinition, VersionFiles } from './assignment-record.js';

/** An assignment with the version new submissions get. */
export interface CurrentAssignment {
  assignment: AssignmentRecord;
  version: AssignmentVersion;
}

/** A listing's version leaves its files out (they are read one assignment at a time). */
export interface ListedAssignment {
  assignment: AssignmentRecord;
  version: Omit<AssignmentVersion, 'files'>;
}

const AssignmentRow: z.ZodType<AssignmentRecord> = z.strictObject({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  currentVersionId: z.string().nullable(),
  available: z.boolean(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});

const ListedVersionRow = z.strictObject({
  id: z.string(),
  assignmentId: z.string(),
  contentHash: z.string(),
  definition: json<StoredDefinition>(),
  createdAt: timestamp(),
});

const VersionRow: z.ZodType<AssignmentVersion> = ListedVersionRow.extend({ files: json<VersionFiles>() });

const Id = z.strictObject({ id: z.string() });

const ASSIGNMENT_COLUMNS = `id, slug, title, current_version_id AS "currentVersionId", available, created_at AS "createdAt", updated_at AS "updatedAt"`;
const LISTED_VERSION_COLUMNS = `id, assignment_id AS "assignmentId", content_hash AS "contentHash", definition, created_at AS "createdAt"`;

/** The assignments and assignment_versions tables. */
@Injectable()
export class AssignmentRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes sure the assignment and this content hash are known, and returns the version's id. Idempotent and
   * safe when several processes start at once (ON CONFLICT), and it never changes what is current.
   */
  async register(slug: string, title: string, contentHash: string, definition: StoredDefinition, files: VersionFiles): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      await execute(tx, `INSERT INTO assignments (slug, title, available) VALUES ($1, $2, false) ON CONFLICT (slug) DO NOTHING`, [slug, title]);
      const { id: assignmentId } = await queryRow(tx, `SELECT id FROM assignments WHERE slug = $1`, [slug], Id);
      await execute(
        tx,
        `INSERT INTO assignment_versions (assignment_id, content_hash, definition, files) VALUES ($1, $2, $3::jsonb, $4::jsonb)
         ON CONFLICT (assignment_id, content_hash) DO NOTHING`,
        [assignmentId, contentHash, JSON.stringify(definition), JSON.stringify(files)],
      );
      const { id } = await queryRow(tx, `SELECT id FROM assignment_versions WHERE assignment_id = $1 AND content_hash = $2`, [assignmentId, contentHash], Id);
      return id;
    });
  }

  /** The server's view of the assignments folder becomes what students see: these versions current, the rest closed. */
  async publish(current: { slug: string; title: string; versionId: string }[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const { slug, title, versionId } of current) {
        await execute(tx, `UPDATE assignments SET current_version_id = $2, title = $3, available = true, updated_at = now() WHERE slug = $1`, [slug, versionId, title]);
      }
      await execute(tx, `UPDATE assignments SET available = false, updated_at = now() WHERE available AND NOT (slug = ANY($1::text[]))`, [current.map((c) => c.slug)]);
    });
  }

  async current(slug: string): Promise<CurrentAssignment | null> {
    const assignment = await queryOptionalRow(this.dataSource, `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments WHERE slug = $1`, [slug], AssignmentRow);
    if (!assignment?.currentVersionId) return null;
    const version = await queryRow(
      this.dataSource,
      `SELECT ${LISTED_VERSION_COLUMNS}, files FROM assignment_versions WHERE id = $1`,
      [assignment.currentVersionId],
      VersionRow,
    );
    return { assignment, version };
  }

  /** Every assignment that has been published, with its current version. */
  async listCurrent(): Promise<ListedAssignment[]> {
    const assignments = await queryRows(this.dataSource, `SELECT ${ASSIGNMENT_COLUMNS} FROM assignments ORDER BY slug`, [], AssignmentRow);
    const versions = await queryRows(this.dataSource, `SELECT ${LISTED_VERSION_COLUMNS} FROM assignment_versions`, [], ListedVersionRow);
    const byId = new Map(versions.map((v) => [v.id, v]));
    return assignments.flatMap((assignment) => {
      const version = assignment.currentVersionId ? byId.get(assignment.currentVersionId) : undefined;
      return version ? [{ assignment, version }] : [];
    });
  }
}
