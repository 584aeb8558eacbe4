import type { Assignment } from '../assignments/assignment.types.js';

/** An assignment as the service knows it: a stable slug whose content changes make new versions. */
export interface AssignmentRecord {
  id: string;
  slug: string;
  title: string;
  /** The version new submissions are graded with: the folder's content as of the server's last start-up. */
  currentVersionId: string | null;
  /** False when the folder disappeared or became invalid: kept for its submissions, closed to new ones. */
  available: boolean;
  createdAt: Date;
  updatedAt: Date;
}

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
export interface AssignmentVersion {
  id: string;
  assignmentId: string;
  contentHash: string;
  definition: StoredDefinition;
  files: VersionFiles;
  createdAt: Date;
}
