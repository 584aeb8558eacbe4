import fs from 'node:fs';
import path from 'node:path';

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
  const klass = JSON.parse(fs.readFileSync(path.join(SIMILARITY_CLASS_DIR, 'class.json'), 'utf8')) as { assignment: string; students: Omit<ClassStudent, 'source'>[] };
  return {
    assignment: klass.assignment,
    students: klass.students.map((student) => ({ ...student, source: fs.readFileSync(path.join(SIMILARITY_CLASS_DIR, student.file), 'utf8') })),
  };
}

/** Both in the copy group. */
export function isCopyPair(a: Relation, b: Relation): boolean {
  return a === 'copies' && b === 'copies';
}
