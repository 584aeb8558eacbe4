import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { LAYERS } from '../../src/layers.js';

const SRC = path.resolve('src');

/** Every .ts file under src/, relative to it. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

/** The folder a file of src/ belongs to; files directly in src/ are the composition roots. */
function folderOf(relative: string): string {
  const parts = relative.split(path.sep);
  return parts.length === 1 ? '(root)' : parts[0];
}

const layerOf = new Map(LAYERS.flatMap((row, index) => row.map((folder) => [folder, index] as const)));

/** Every import of one file that names another file of src/: static, re-exports, side effects and import(). */
function importsOf(relative: string): { specifier: string; target: string }[] {
  const text = readFileSync(path.join(SRC, relative), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ specifier, target: path.relative(SRC, path.resolve(SRC, path.dirname(relative), specifier)) }))
    .filter(({ target }) => !target.startsWith('..'));
}

describe('import layers (src/layers.ts)', () => {
  const files = sourceFiles();

  it('places every folder of src/ in exactly one layer', () => {
    const folders = [...new Set(files.map(folderOf))].sort();
    expect(folders.filter((folder) => !layerOf.has(folder))).toEqual([]);
    const listed = LAYERS.flat();
    expect(listed.filter((folder, index) => listed.indexOf(folder) !== index)).toEqual([]);
  });

  it('has no import of a layer above the importing one', () => {
    const backward: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const { specifier, target } of importsOf(file)) {
        const to = folderOf(target);
        const [fromLayer, toLayer] = [layerOf.get(from), layerOf.get(to)];
        if (fromLayer === undefined || toLayer === undefined || toLayer <= fromLayer) continue;
        backward.push(`src/${file} imports '${specifier}': ${from} (layer ${fromLayer}) may not import ${to} (layer ${toLayer})`);
      }
    }
    // Fix the import (move the shared piece down, or go through a port in src/events), never the table to fit it.
    expect(backward).toEqual([]);
  });
});
