#!/usr/bin/env node
// ruff for the Python in sandbox/ and assignments/, through its official WebAssembly build on npm
// (@astral-sh/ruff-wasm-nodejs): Debian 12 packages no ruff, and this needs nothing but Node.
//   node scripts/ruff.mjs check  [paths…]   lint; exit 1 on any problem
//   node scripts/ruff.mjs format [paths…]   rewrite files as ruff format would
//   node scripts/ruff.mjs format --check [paths…]   list the files format would change; exit 1 if any
// The settings are ruff's own (the wasm build reads no ruff.toml): keep them here, in one place.
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import fs from 'node:fs';
import path from 'node:path';

const SETTINGS = {
  'target-version': 'py311',
  'line-length': 120,
  // pycodestyle, pyflakes, bugbear, pyupgrade. No import sorting: the harness imports in a deliberate order.
  lint: { select: ['E', 'F', 'W', 'B', 'UP'] },
};
const DEFAULT_PATHS = ['sandbox', 'assignments'];

const [command, ...rest] = process.argv.slice(2);
const checkOnly = rest.includes('--check');
const paths = rest.filter((arg) => arg !== '--check');
if (command !== 'check' && command !== 'format') {
  process.stderr.write('usage: node scripts/ruff.mjs check|format [--check] [paths…]\n');
  process.exit(2);
}

const workspace = new Workspace(SETTINGS, PositionEncoding.Utf16);
let problems = 0;
for (const file of pythonFiles(paths.length > 0 ? paths : DEFAULT_PATHS)) {
  const source = fs.readFileSync(file, 'utf8');
  if (command === 'check') {
    for (const d of workspace.check(source)) {
      problems++;
      process.stdout.write(`${file}:${d.start_location.row}:${d.start_location.column}: ${d.code ?? 'syntax'} ${d.message}\n`);
    }
  } else {
    const formatted = workspace.format(source);
    if (formatted === source) continue;
    problems++;
    if (checkOnly) process.stdout.write(`would reformat ${file}\n`);
    else fs.writeFileSync(file, formatted);
  }
}
if (command === 'check') process.stdout.write(problems === 0 ? 'ruff: no problems\n' : `ruff: ${problems} problem(s)\n`);
else process.stdout.write(`ruff format: ${problems} file(s) ${checkOnly ? 'would be reformatted' : 'reformatted'}\n`);
process.exit(command === 'check' || checkOnly ? Number(problems > 0) : 0);

function* pythonFiles(roots) {
  for (const root of roots) {
    const stat = fs.statSync(root);
    if (stat.isFile()) {
      if (root.endsWith('.py')) yield root;
      continue;
    }
    for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '__pycache__' || entry.name.startsWith('.')) continue;
      yield* pythonFiles([path.join(root, entry.name)]);
    }
  }
}
