import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { detectIsolation } from '../sandbox/isolation.js';

/** `doctor`: which isolation is active here, and what is missing. */
export async function doctorCommand(app: INestApplicationContext): Promise<number> {
  const report = await detectIsolation(app.get(ConfigService));
  const lines = [
    `bubblewrap   ${report.bwrap ? `${report.bwrap.version} (${report.bwrap.path})` : 'MISSING'}`,
    `cgroups      ${report.cgroup}${report.controllers.length ? ` (${report.controllers.join(', ')})` : ''}`,
    `sandbox user ${report.unprivilegedUser ? 'unprivileged' : 'NOT unprivileged'}`,
    `seccomp      ${report.seccomp ? 'available (python3-seccomp)' : 'not available'}`,
    `python       ${report.python ? `${report.python.version} (${report.python.path})` : 'MISSING'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const problem of report.problems) process.stdout.write(`problem: ${problem}\n`);
  return report.problems.length === 0 ? 0 : 1;
}
