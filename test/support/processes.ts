import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Processes still running as the sandbox user: after a grade there must be none. Zombies are left out:
 * they are already dead and hold nothing; their parent (the supervisor) reaps them a moment later.
 * With `workDir`, only processes whose sandbox mounts come from that folder count — so tests running
 * beside other graders on the same machine look only at their own.
 */
export function sandboxUserProcesses(workDir?: string, uid = 65534): string[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-u', String(uid), '-o', 'pid=,stat=,args='], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when nothing matches
  }
  return out
    .trim()
    .split('\n')
    .filter((line) => line && !/^\s*\d+\s+Z/.test(line))
    .filter((line) => !workDir || mountsFrom(Number(line.trim().split(/\s+/)[0]), workDir));
}

function mountsFrom(pid: number, dir: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(dir);
  } catch {
    return false; // it ended meanwhile
  }
}
