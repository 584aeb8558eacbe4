import { lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SandboxSpecInvalid } from './sandbox.errors.js';
import type { SandboxSpec } from './sandbox.types.js';

/** Box paths the sandbox itself provides; a spec mount there would hide the interpreter or the kernel views. */
const RESERVED_BOX_PATHS = ['/', '/usr', '/bin', '/lib', '/lib64', '/etc', '/proc', '/dev', '/tmp'];

const MIN_MEMORY_BYTES = 32 << 20;

/** Checks a spec before anything is created, so a caller's mistake never looks like a student's failure. */
export async function validateSpec(spec: SandboxSpec): Promise<void> {
  if (spec.argv.length === 0 || !path.isAbsolute(spec.argv[0])) {
    throw new SandboxSpecInvalid('argv', 'must start with the absolute path of the program to run in the box');
  }
  if (spec.argv.some((arg) => arg.includes('\0'))) throw new SandboxSpecInvalid('argv', 'contains a NUL byte');
  await validateMounts(spec);
  validateLimits(spec);
  const cpuCount = os.cpus().length;
  if (spec.cores.length === 0 || new Set(spec.cores).size !== spec.cores.length) {
    throw new SandboxSpecInvalid('cores', 'must list at least one core, each once');
  }
  for (const core of spec.cores) {
    if (!Number.isInteger(core) || core < 0 || core >= cpuCount) {
      throw new SandboxSpecInvalid('cores', `core ${core} does not exist (this host has ${cpuCount})`);
    }
  }
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || value.includes('\0')) {
      throw new SandboxSpecInvalid(`env.${name}`, 'names are letters, digits and _, values have no NUL byte');
    }
  }
}

async function validateMounts(spec: SandboxSpec): Promise<void> {
  const seen = new Set<string>();
  for (const mount of spec.mounts) {
    const field = `mounts[${mount.box}]`;
    if (!path.isAbsolute(mount.box) || path.normalize(mount.box) !== mount.box || mount.box.endsWith('/')) {
      throw new SandboxSpecInvalid(field, 'the box path must be absolute and normalised, e.g. /job');
    }
    if (isReserved(mount.box)) {
      throw new SandboxSpecInvalid(field, `the sandbox provides ${RESERVED_BOX_PATHS.join(', ')} itself`);
    }
    if (seen.has(mount.box)) throw new SandboxSpecInvalid(field, 'mounted twice');
    seen.add(mount.box);
    if (!path.isAbsolute(mount.host)) throw new SandboxSpecInvalid(field, `host path ${mount.host} must be absolute`);
    await lstat(mount.host).catch(() => {
      throw new SandboxSpecInvalid(field, `host path ${mount.host} does not exist`);
    });
  }
}

function isReserved(box: string): boolean {
  return RESERVED_BOX_PATHS.some((reserved) => box === reserved || (reserved !== '/' && box.startsWith(`${reserved}/`)));
}

function validateLimits(spec: SandboxSpec): void {
  const { limits } = spec;
  const positive: (keyof typeof limits)[] = ['wallTimeMs', 'cpuTimeS', 'memoryBytes', 'processes', 'fileSizeBytes', 'tmpBytes'];
  for (const name of positive) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] <= 0) {
      throw new SandboxSpecInvalid(`limits.${name}`, `must be a positive whole number, got ${limits[name]}`);
    }
  }
  // bash, bubblewrap and a bare interpreter need about 10 MB before the student's code allocates anything.
  if (limits.memoryBytes < MIN_MEMORY_BYTES) {
    throw new SandboxSpecInvalid('limits.memoryBytes', `must be at least ${MIN_MEMORY_BYTES >> 20} MB, got ${limits.memoryBytes}`);
  }
  if (!Number.isSafeInteger(limits.outputBytes) || limits.outputBytes < 0) {
    throw new SandboxSpecInvalid('limits.outputBytes', `must be a whole number ≥ 0, got ${limits.outputBytes}`);
  }
}
