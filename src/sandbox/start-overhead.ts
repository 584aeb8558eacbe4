import { execa } from 'execa';
import type { ConfigService } from '../config/config.service.js';
import type { SandboxResult, SandboxSpec } from './sandbox.types.js';

export interface StartOverhead {
  samples: number;
  /** `python -I -c pass` outside any box. */
  bareMs: number;
  /** The same inside the box, spawn to exit, as the runner's wall clock sees it. */
  boxMs: number;
  /** The whole run() call: cgroup created and removed, limits checked. */
  runMs: number;
  /** boxMs − bareMs: what the box adds to every timed process. */
  overheadMs: number;
}

const GENEROUS_LIMITS = {
  wallTimeMs: 10_000,
  cpuTimeS: 10,
  memoryBytes: 256 << 20,
  processes: 8,
  outputBytes: 1 << 16,
  fileSizeBytes: 1 << 20,
  tmpBytes: 1 << 20,
};

/** Medians, because the first runs warm the page cache and one noisy sample should not move the answer. */
export async function measureStartOverhead(
  run: (spec: SandboxSpec) => Promise<SandboxResult>,
  config: ConfigService,
  samples: number,
): Promise<StartOverhead> {
  // -I as the harness runs it: without it, site-packages .pth files cost more than the box does.
  const argv = [config.pythonPath, '-I', '-c', 'pass'];
  const bare: number[] = [];
  const box: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < samples; i++) {
    const bareStart = process.hrtime.bigint();
    await execa(argv[0], argv.slice(1), { extendEnv: false });
    bare.push(msSince(bareStart));
    const runStart = process.hrtime.bigint();
    const result = await run({ argv, mounts: [], limits: GENEROUS_LIMITS, cores: config.graderCores.slice(0, 1), label: 'overhead' });
    whole.push(msSince(runStart));
    box.push(result.wallMs);
  }
  const bareMs = median(bare);
  const boxMs = median(box);
  return { samples, bareMs, boxMs, runMs: median(whole), overheadMs: boxMs - bareMs };
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
