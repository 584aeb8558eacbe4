import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * sha256 over assignment.yaml and every file it names, in name order, so that any change to any of them
 * (or a renamed file) is a new assignment version. Each entry is framed by its name and length, so moving
 * bytes from one file to the next cannot produce the same hash.
 */
export async function contentHash(yamlBytes: Buffer, files: Map<string, string>): Promise<string> {
  const entries: [string, Buffer][] = [['assignment.yaml', yamlBytes]];
  for (const [name, absolute] of files) entries.push([name, await readFile(absolute)]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const [name, bytes] of entries) {
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
