import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { DatabaseProbe } from '../database/database-probe.js';
import { detectIsolation } from '../sandbox/isolation.js';
import type { IsolationReport } from '../sandbox/sandbox.types.js';

/** Probing the sandbox starts processes; a load balancer asking every few seconds gets the last answer. */
const SANDBOX_CHECK_TTL_MS = 30_000;

export interface Readiness {
  status: 'ready';
  database: 'ok';
  sandbox: { bwrap: string; python: string; cgroup: IsolationReport['cgroup']; warnings: string[] };
}

@Injectable()
export class ReadinessService {
  private sandbox: { at: number; report: Promise<IsolationReport> } | undefined;

  constructor(
    private readonly database: DatabaseProbe,
    private readonly config: ConfigService,
  ) {}

  /** Ready = the database answers and a sandbox can start (bubblewrap and the course's Python are there). */
  async check(): Promise<Readiness> {
    const problems: string[] = [];
    await this.database.ping().catch((error: Error) => problems.push(`the database does not answer: ${error.message}`));
    const sandbox = await this.isolation().catch((error: Error) => {
      problems.push(`the sandbox check failed: ${error.message}`);
      return null;
    });
    if (sandbox && !sandbox.bwrap) problems.push('bubblewrap is not usable');
    if (sandbox && !sandbox.python) problems.push('the sandbox Python is not usable');
    if (problems.length > 0 || !sandbox?.bwrap || !sandbox.python) {
      throw new DomainError('unavailable', `Not ready: ${[...problems, ...(sandbox?.problems ?? [])].join('; ')}.`, 5);
    }
    return {
      status: 'ready',
      database: 'ok',
      sandbox: { bwrap: sandbox.bwrap.version, python: sandbox.python.version, cgroup: sandbox.cgroup, warnings: sandbox.problems },
    };
  }

  private isolation(): Promise<IsolationReport> {
    if (!this.sandbox || Date.now() - this.sandbox.at > SANDBOX_CHECK_TTL_MS) {
      this.sandbox = { at: Date.now(), report: detectIsolation(this.config) };
    }
    return this.sandbox.report;
  }
}
