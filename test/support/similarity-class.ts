import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

export const SIMILARITY_CLASS_DIR = path.resolve('test/fixtures/similarity/monte-carlo-pi');

export type Relation = 'copies' | 'honest' | 'baseline-edit';

export interface ClassStudent {
  name: string;
  file: string;
  group: Relation;
  source: string;
}

/** The fixture class with known relations (see its class.json): who copied, who wrote their own, who only edited the baseline. */
export function similarityClass(): { assignment: string; students: ClassStudent[] } {
  const klass = JSON.parse(fs.readFileSync(path.join(SIMILARITY_CLASS_DIR, 'class.json'), 'utf8')) as {
    assignment: string;
    students: Omit<ClassStudent, 'source'>[];
  };
  return {
    assignment: klass.assignment,
    students: klass.students.map((student) => ({ ...student, source: fs.readFileSync(path.join(SIMILARITY_CLASS_DIR, student.file), 'utf8') })),
  };
}

/** Both in the copy group. */
export function isCopyPair(a: Relation, b: Relation): boolean {
  return a === 'copies' && b === 'copies';
}

/**
 * An assignments folder with the course's monte-carlo-pi only, without a cooldown (a student may submit
 * twice in a row). The caller removes it.
 */
export async function similarityAssignments(): Promise<string> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'perfgrade-similarity-'));
  const dir = path.join(root, 'monte-carlo-pi');
  await fsp.cp(path.resolve('assignments/monte-carlo-pi'), dir, { recursive: true });
  const yamlFile = path.join(dir, 'assignment.yaml');
  const yaml = YAML.parse(await fsp.readFile(yamlFile, 'utf8'));
  yaml.policy = { ...yaml.policy, cooldown_s: 0 };
  await fsp.writeFile(yamlFile, YAML.stringify(yaml));
  return root;
}
