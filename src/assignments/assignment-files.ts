import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { closestName } from './closest-name.js';
import type { FieldPath, Finding } from './field-path.js';
import type { AssignmentYaml } from './assignment-yaml.types.js';

/** A file named in assignment.yaml: where it is named and the path as written. */
export interface NamedFile {
  path: FieldPath;
  name: string;
}

export function namedFiles(yaml: AssignmentYaml): NamedFile[] {
  const { files, checker } = yaml;
  return [
    { path: ['files', 'baseline'], name: files.baseline },
    { path: ['files', 'reference'], name: files.reference },
    { path: ['files', 'generator'], name: files.generator },
    { path: ['files', 'readme'], name: files.readme },
    ...files.support.map((name, index) => ({ path: ['files', 'support', index], name })),
    ...(checker.kind === 'custom' ? [{ path: ['checker', 'file'], name: checker.file }] : []),
  ];
}

/**
 * Resolves every named file inside `dir`. The assignment folder is mounted into trusted sandbox runs and
 * hashed as the assignment's version, so a name must not reach outside it, not even through a symlink.
 * Returns the files as (normalised name → real absolute path) for hashing.
 */
export async function resolveNamedFiles(dir: string, named: NamedFile[]): Promise<{ findings: Finding[]; files: Map<string, string> }> {
  const realDir = await realpath(dir);
  const findings: Finding[] = [];
  const files = new Map<string, string>();
  for (const { path: field, name } of named) {
    const resolved = await resolveInside(realDir, name);
    if ('problem' in resolved) findings.push({ path: field, message: resolved.problem });
    else files.set(resolved.name, resolved.absolute);
  }
  return { findings, files };
}

type Resolved = { name: string; absolute: string } | { problem: string };

async function resolveInside(realDir: string, name: string): Promise<Resolved> {
  if (path.isAbsolute(name)) {
    return { problem: `'${name}' is an absolute path — name the file relative to the assignment folder` };
  }
  const normalised = path.normalize(name);
  if (normalised.split(path.sep).includes('..')) {
    return { problem: `'${name}' leads outside the assignment folder — files must be inside it (no '..')` };
  }
  let absolute: string;
  try {
    absolute = await realpath(path.join(realDir, normalised));
  } catch {
    return { problem: `'${name}' does not exist in the assignment folder — ${await missingFileHint(realDir, normalised)}` };
  }
  if (path.relative(realDir, absolute).split(path.sep)[0] === '..') {
    return { problem: `'${name}' is a symlink to ${absolute}, outside the assignment folder — copy the file in instead` };
  }
  if (!(await stat(absolute)).isFile()) {
    return { problem: `'${name}' is not a regular file — name a file, not a folder` };
  }
  return { name: normalised, absolute };
}

async function missingFileHint(realDir: string, name: string): Promise<string> {
  const folder = path.join(realDir, path.dirname(name));
  const entries = await readdir(folder).catch(() => [] as string[]);
  const suggestion = closestName(path.basename(name), entries);
  return suggestion ? `did you mean '${path.join(path.dirname(name), suggestion)}'?` : 'create it or correct the name';
}
