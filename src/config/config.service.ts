import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** A setting that cannot be used as given. The message names the variable and what is expected. */
export class ConfigInvalid extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigInvalid';
  }
}

type Env = Record<string, string | undefined>;

/**
 * The only place that reads the environment. Every value is parsed and checked once, when the service is
 * constructed, so a bad value stops start-up with a message naming it instead of failing mid-grade.
 */
@Injectable()
export class ConfigService {
  /** Interpreter used inside the sandbox; must have Debian's python3-numba, numpy, line-profiler. */
  readonly pythonPath: string;
  /** Interpreter of the grader's own Python on the host (the call broker, the syscall filter builder): stdlib only. */
  readonly hostPythonPath: string;
  readonly bwrapPath: string;
  /** Unprivileged uid/gid the sandbox runs as on the host. */
  readonly sandboxUid: number;
  readonly sandboxGid: number;
  /** Folder of assignments/<slug>/assignment.yaml. */
  readonly assignmentsDir: string;
  /** Folder of the Python harness (sandbox/). */
  readonly harnessDir: string;
  /** Persistent state: embedded database, caches. */
  readonly dataDir: string;
  /** Scratch space for grading jobs (deleted after each job). */
  readonly workDir: string;
  /** CPU cores the grader may pin sandbox runs to; slot i of GRADER_CONCURRENCY gets its own share. */
  readonly graderCores: number[];
  /** Cores this host has. */
  readonly hostCores = os.availableParallelism();
  /** Keep job folders after grading (debugging). */
  readonly keepJobs: boolean;
  /** Which cgroup hierarchy confines sandbox runs: auto-detected, or forced (v2 on hybrid hosts, none to test fallbacks). */
  readonly sandboxCgroup: 'auto' | 'v1' | 'v2' | 'none';

  // --- Logs. ---
  /** pino's level; "silent" logs nothing (the tests' default). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** One JSON object a line (for a log collector), or readable lines; readable by default when stdout is a terminal. */
  readonly logFormat: 'json' | 'pretty';

  // --- The service: HTTP, database, queue, accounts. ---
  /** HTTP port and interface the API listens on. */
  readonly port: number;
  readonly host: string;
  /** How users reach this server (invitation links); no trailing slash. */
  readonly publicUrl: string;
  /** Postgres connection string; absent = the embedded database (PGlite) in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Grading slots in this process (0 = this process grades nothing; use separate workers). */
  readonly graderConcurrency: number;
  /** The first instructor, created on the first start; without a password one is generated and printed once. */
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  /** Lifetimes of the browser session cookie, of bearer tokens for scripts and of invitation links. */
  readonly sessionTtlS: number;
  readonly tokenTtlS: number;
  readonly inviteTtlS: number;
  /** Send the session cookie over HTTPS only (set behind a TLS proxy). */
  readonly cookieSecure: boolean;
  /** Signs the web forms' CSRF tokens. Random per process unless set: servers behind one address need the same value. */
  readonly csrfSecret: string;
  /** Failed logins allowed per email and address within the window before logins are refused for a while. */
  readonly loginMaxFailures: number;
  readonly loginWindowS: number;
  /** A worker holds a job for this long and renews it while grading; a dead worker's job is re-claimed after it. */
  readonly jobLeaseS: number;
  /** Tries per grading job before an infrastructure failure becomes the submission's final "error". */
  readonly jobMaxAttempts: number;
  /** First retry delay; each later retry waits four times longer (capped at an hour). */
  readonly jobRetryBaseS: number;
  /** How often an idle worker looks for work queued by other processes. */
  readonly workerPollMs: number;
  /** On shutdown, how long running grades may finish before their jobs are handed back to the queue. */
  readonly shutdownGraceS: number;
  /** A separate worker (npm run start:worker) serves GET /metrics on this port (on HOST); absent = none. */
  readonly workerMetricsPort: number | undefined;

  // --- Webhooks and LMS integration. ---
  /** Let webhook endpoints point at loopback and private networks (tests; an LMS on the same network). */
  readonly webhookAllowPrivateUrls: boolean;
  /** How long one delivery may take (connect, send, answer) before it counts as failed and is retried. */
  readonly webhookTimeoutMs: number;
  /** Deliveries this process sends at once (0 = it sends none; another process does). */
  readonly webhookSenders: number;
  /** How often idle senders look for deliveries that came due or were queued by other processes. */
  readonly webhookPollMs: number;
  /** After a secret rotation, how long the old secret stays valid (deliveries are signed with both). */
  readonly webhookSecretGraceS: number;

  constructor(env: Env = process.env) {
    const root = process.cwd();
    this.pythonPath = env.PERFGRADE_PYTHON ?? '/usr/bin/python3';
    this.hostPythonPath = env.PERFGRADE_HOST_PYTHON ?? '/usr/bin/python3';
    this.bwrapPath = env.PERFGRADE_BWRAP ?? '/usr/bin/bwrap';
    this.sandboxUid = intIn(env, 'SANDBOX_UID', 65534, 1, 2 ** 31);
    this.sandboxGid = intIn(env, 'SANDBOX_GID', 65534, 1, 2 ** 31);
    this.assignmentsDir = path.resolve(root, env.ASSIGNMENTS_DIR ?? 'assignments');
    this.harnessDir = path.resolve(root, env.HARNESS_DIR ?? 'sandbox');
    this.dataDir = path.resolve(root, env.DATA_DIR ?? 'data');
    this.workDir = path.resolve(env.WORK_DIR ?? path.join(os.tmpdir(), 'perfgrade-jobs'));
    this.graderCores = coreList(env, 'GRADER_CORES');
    this.keepJobs = bool(env, 'KEEP_JOBS', false);
    this.sandboxCgroup = oneOf(env, 'SANDBOX_CGROUP', ['auto', 'v1', 'v2', 'none'] as const, 'auto');

    this.logLevel = oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');
    this.logFormat = oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, process.stdout.isTTY ? 'pretty' : 'json');

    this.port = intIn(env, 'PORT', 3000, 1, 65535);
    this.host = hostName(env, 'HOST', '127.0.0.1');
    this.publicUrl = httpUrl(env, 'PUBLIC_URL', `http://localhost:${this.port}`);
    this.databaseUrl = postgresUrl(env, 'DATABASE_URL');
    this.databasePoolSize = intIn(env, 'DATABASE_POOL_SIZE', 10, 1, 200);
    this.graderConcurrency = intIn(env, 'GRADER_CONCURRENCY', 1, 0, 64);
    if (this.graderConcurrency > this.graderCores.length) {
      // Two timing runs on one core would measure each other, so every slot needs a core of its own.
      throw new ConfigInvalid('GRADER_CONCURRENCY', `${this.graderConcurrency} grading slots need at least as many grader cores, but GRADER_CORES gives ${this.graderCores.length} (${this.graderCores.join(',')})`);
    }
    this.adminEmail = email(env, 'ADMIN_EMAIL', 'instructor@perfgrade.local');
    this.adminPassword = optionalPassword(env, 'ADMIN_PASSWORD');
    this.sessionTtlS = intIn(env, 'SESSION_TTL_S', 12 * 3600, 60, 366 * 86400);
    this.tokenTtlS = intIn(env, 'TOKEN_TTL_S', 30 * 86400, 60, 366 * 86400);
    this.inviteTtlS = intIn(env, 'INVITE_TTL_S', 7 * 86400, 60, 366 * 86400);
    this.cookieSecure = bool(env, 'COOKIE_SECURE', false);
    this.csrfSecret = secret(env, 'CSRF_SECRET');
    this.loginMaxFailures = intIn(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000);
    this.loginWindowS = intIn(env, 'LOGIN_WINDOW_S', 15 * 60, 1, 86400);
    this.jobLeaseS = intIn(env, 'JOB_LEASE_S', 60, 2, 3600);
    this.jobMaxAttempts = intIn(env, 'JOB_MAX_ATTEMPTS', 3, 1, 20);
    this.jobRetryBaseS = intIn(env, 'JOB_RETRY_BASE_S', 15, 0, 3600);
    this.workerPollMs = intIn(env, 'WORKER_POLL_MS', 1000, 20, 60_000);
    this.shutdownGraceS = intIn(env, 'SHUTDOWN_GRACE_S', 30, 0, 3600);
    this.workerMetricsPort = env.WORKER_METRICS_PORT ? intIn(env, 'WORKER_METRICS_PORT', 0, 1, 65535) : undefined;
    this.webhookAllowPrivateUrls = bool(env, 'WEBHOOK_ALLOW_PRIVATE_URLS', false);
    this.webhookTimeoutMs = intIn(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000);
    this.webhookSenders = intIn(env, 'WEBHOOK_SENDERS', 4, 0, 64);
    this.webhookPollMs = intIn(env, 'WEBHOOK_POLL_MS', 1000, 20, 60_000);
    this.webhookSecretGraceS = intIn(env, 'WEBHOOK_SECRET_GRACE_S', 24 * 3600, 0, 30 * 86400);
  }
}

export function intIn(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigInvalid(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigInvalid(name, `expected true or false, got "${raw}"`);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigInvalid(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
}

/** "2,3" or "0-3"; default: every core but core 0 (left to the server and the OS), or core 0 on one-core hosts. */
function coreList(env: Env, name: string): number[] {
  const count = os.availableParallelism();
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return count > 1 ? Array.from({ length: count - 1 }, (_, i) => i + 1) : [0];
  }
  const cores = new Set<number>();
  for (const part of raw.split(',')) {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!match) throw new ConfigInvalid(name, `expected cores like "1,2" or "1-3", got "${raw}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let core = from; core <= to; core++) {
      if (core >= count) throw new ConfigInvalid(name, `core ${core} does not exist (this host has ${count})`);
      cores.add(core);
    }
  }
  return [...cores].sort((a, b) => a - b);
}

function hostName(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(raw)) throw new ConfigInvalid(name, `expected an interface address such as 127.0.0.1 or 0.0.0.0, got "${raw}"`);
  return raw;
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigInvalid(name, `expected a URL such as https://grader.example.edu, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigInvalid(name, `expected an http or https URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  // Not parsed with URL: libpq-style strings such as postgres://user@/db?host=/var/run/postgresql have no host part.
  if (!/^postgres(ql)?:\/\/\S*$/.test(raw)) {
    throw new ConfigInvalid(name, 'expected a connection string such as postgres://user:password@host:5432/perfgrade or postgres://user@/perfgrade?host=/var/run/postgresql (unset it to use the embedded database)');
  }
  return raw;
}

function email(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[^\s@]+@[^\s@]+$/.test(raw) || raw.length > 254) throw new ConfigInvalid(name, `expected an email address, got "${raw}"`);
  return raw.toLowerCase();
}

/** A signing key: at least 32 characters when given; otherwise 256 random bits for this process. */
function secret(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return randomBytes(32).toString('base64url');
  if (raw.length < 32) throw new ConfigInvalid(name, 'must be at least 32 characters long (e.g. openssl rand -base64 32), or unset it for a random one per process');
  return raw;
}

function optionalPassword(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 10) throw new ConfigInvalid(name, 'must be at least 10 characters long (or unset it to have a password generated)');
  return raw;
}
