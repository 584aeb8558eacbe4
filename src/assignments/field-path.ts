/** Where in assignment.yaml something is: keys and list indexes from the top, e.g. ['cases', 2, 'seed']. */
export type FieldPath = (string | number)[];

/** A problem found in the YAML before it is tied to a file and a line. */
export interface Finding {
  path: FieldPath;
  message: string;
}

/** ['cases', 2, 'seed'] → "cases[2].seed", the way instructors read their YAML. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
