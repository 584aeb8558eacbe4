import os from 'node:os';
import fs from 'node:fs';

/** One line describing where figures were measured: they mean little without it. */
export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const osName = fs.existsSync('/etc/debian_version') ? `Debian ${fs.readFileSync('/etc/debian_version', 'utf8').trim()}` : os.type();
  return `${osName}, ${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, kernel ${os.release()}`;
}
