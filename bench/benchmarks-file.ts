import fs from 'node:fs';

/**
 * BENCHMARKS.md is made of sections, one per benchmark, each replaced whole when that benchmark runs again,
 * so running one benchmark never erases the figures of another.
 */
export function writeSection(file: string, title: string, body: string): void {
  const header = '# Benchmarks\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs again.\n';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
  const sections = text.split(/^(?=## )/m);
  const head = sections[0].startsWith('## ') ? header : sections[0];
  const others = sections.filter((s) => s.startsWith('## ') && !s.startsWith(`## ${title}\n`));
  const section = `## ${title}\n\n${body.trim()}\n\n`;
  fs.writeFileSync(file, [head.trimEnd() + '\n\n', ...others.map((s) => s.trimEnd() + '\n\n'), section].join('').trimEnd() + '\n');
}
