import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assignmentSchema } from './assignment.schema.js';

/** Editors find it through the `# yaml-language-server: $schema=../assignment.schema.json` line of each YAML. */
export const SCHEMA_FILE = 'assignment.schema.json';

/** The published schema exactly as committed: 2-space JSON with a final newline. */
export function renderAssignmentSchema(): string {
  return `${JSON.stringify(assignmentSchema, null, 2)}\n`;
}

/** Writes assignments/assignment.schema.json; returns its path. */
export async function writeAssignmentSchema(assignmentsDir: string): Promise<string> {
  const file = path.join(assignmentsDir, SCHEMA_FILE);
  await writeFile(file, renderAssignmentSchema());
  return file;
}
