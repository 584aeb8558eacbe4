/** One thing wrong with an assignment, precise enough for the instructor to go and fix it. */
export interface AssignmentProblem {
  /** e.g. assignments/foo/assignment.yaml */
  file: string;
  /** Where in the YAML, e.g. cases[2].seed; empty for the file as a whole. */
  field: string;
  /** 1-based line in `file`, when the problem has one. */
  line?: number;
  /** What is wrong and what to do about it. */
  message: string;
}

/** `assignments/foo/assignment.yaml:12: cases[2].seed: must be an integer (got "abc")` */
export function formatProblem(problem: AssignmentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.field === '' ? `${where}: ${problem.message}` : `${where}: ${problem.field}: ${problem.message}`;
}

/** An assignment folder that cannot be graded as it stands. Other assignments are unaffected. */
export class AssignmentInvalid extends Error {
  constructor(
    readonly slug: string,
    readonly problems: AssignmentProblem[],
  ) {
    const noun = problems.length === 1 ? 'problem' : 'problems';
    super(`assignment '${slug}' has ${problems.length} ${noun}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'AssignmentInvalid';
  }
}

/** No assignment folder with this slug. */
export class AssignmentNotFound extends Error {
  constructor(
    readonly slug: string,
    readonly known: string[],
  ) {
    const choices = known.length === 0 ? 'there are no assignments' : `known assignments: ${known.join(', ')}`;
    super(`no assignment '${slug}' (${choices})`);
    this.name = 'AssignmentNotFound';
  }
}
