import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { formulaSyntaxError } from '../scoring/formula.js';
import { AssignmentInvalid, type AssignmentProblem } from './assignment.errors.js';
import { SLUG_PATTERN } from './assignment.schema.js';
import type { Assignment } from './assignment.types.js';
import { resolveNamedFiles, namedFiles } from './assignment-files.js';
import { toAssignment } from './assignment-mapping.js';
import { checkRules } from './assignment-rules.js';
import type { AssignmentYaml } from './assignment-yaml.types.js';
import { contentHash } from './content-hash.js';
import { formatFieldPath, type Finding } from './field-path.js';
import { validateAgainstSchema } from './schema-validator.js';
import { parseYaml, type ParsedYaml } from './yaml-document.js';

export const ASSIGNMENT_FILE = 'assignment.yaml';
const SLUG = new RegExp(SLUG_PATTERN);

export interface LoadResult {
  assignments: Assignment[];
  invalid: AssignmentInvalid[];
}

/** Loads every assignment folder; a broken one is reported in `invalid` and never stops the others. */
export async function loadAllAssignments(assignmentsDir: string): Promise<LoadResult> {
  const result: LoadResult = { assignments: [], invalid: [] };
  for (const slug of await assignmentFolders(assignmentsDir)) {
    try {
      result.assignments.push(await loadAssignment(assignmentsDir, slug));
    } catch (error) {
      if (!(error instanceof AssignmentInvalid)) throw error;
      result.invalid.push(error);
    }
  }
  return result;
}

/** Folders holding an assignment.yaml, sorted; `.git`, `_drafts` and the like are skipped. */
export async function assignmentFolders(assignmentsDir: string): Promise<string[]> {
  const slugs: string[] = [];
  for (const name of (await readdir(assignmentsDir)).sort()) {
    if (name.startsWith('.') || name.startsWith('_')) continue;
    const isFile = await stat(path.join(assignmentsDir, name, ASSIGNMENT_FILE)).then((found) => found.isFile(), () => false);
    if (isFile) slugs.push(name);
  }
  return slugs;
}

/** Loads and checks assignments/<slug>/assignment.yaml; throws AssignmentInvalid listing every problem found. */
export async function loadAssignment(assignmentsDir: string, slug: string): Promise<Assignment> {
  const dir = path.resolve(assignmentsDir, slug);
  // Shown as e.g. assignments/foo/assignment.yaml: where the instructor edits, whatever the server's cwd.
  const file = path.join(path.basename(assignmentsDir), slug, ASSIGNMENT_FILE);
  const problem = (message: string, line?: number): AssignmentProblem => ({ file, field: '', line, message });
  const slugProblems = SLUG.test(slug)
    ? []
    : [problem(`folder name '${slug}' is not a valid assignment slug — rename the folder to 2–64 lowercase letters, digits and dashes`)];

  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, ASSIGNMENT_FILE));
  } catch (error) {
    throw new AssignmentInvalid(slug, [...slugProblems, problem(`cannot be read: ${(error as Error).message}`)]);
  }
  const parsed = parseYaml(bytes.toString('utf8'));
  if (!parsed.ok) {
    throw new AssignmentInvalid(slug, [...slugProblems, problem(`YAML syntax error: ${parsed.error.message}`, parsed.error.line)]);
  }

  const { data } = parsed.yaml;
  const schemaFindings = validateAgainstSchema(data);
  const locate = (findings: Finding[]) => findings.map((finding) => locateFinding(finding, file, parsed.yaml));
  if (schemaFindings.length > 0) throw new AssignmentInvalid(slug, [...slugProblems, ...locate(schemaFindings)]);

  // The schema has passed, so the data has the AssignmentYaml shape (with defaults filled in).
  const yaml = data as AssignmentYaml;
  const { findings: fileFindings, files } = await resolveNamedFiles(dir, namedFiles(yaml));
  const findings = [...checkRules(yaml), ...fileFindings, ...(await checkFormula(yaml))];
  if (slugProblems.length > 0 || findings.length > 0) throw new AssignmentInvalid(slug, [...slugProblems, ...locate(findings)]);

  return toAssignment(yaml, { slug, dir, contentHash: await contentHash(bytes, files) });
}

/** Compiled now so that a typo in a formula shows up when the assignment is loaded, not at a student's grade. */
async function checkFormula(yaml: AssignmentYaml): Promise<Finding[]> {
  const { formula } = yaml.scoring;
  if (formula === undefined) return [];
  const error = await formulaSyntaxError(formula);
  return error === undefined ? [] : [{ path: ['scoring', 'formula'], message: `is not a valid JavaScript expression: ${error}` }];
}

function locateFinding(finding: Finding, file: string, yaml: ParsedYaml): AssignmentProblem {
  return { file, field: formatFieldPath(finding.path), line: yaml.lineOf(finding.path), message: finding.message };
}
