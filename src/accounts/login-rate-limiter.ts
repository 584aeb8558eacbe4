import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ConfigService } from '../config/config.service.js';

/** Keys kept at most; beyond it the stalest go first, so a flood of made-up emails cannot exhaust memory. */
const MAX_KEYS = 100_000;

/**
 * Failed logins per (email, address) in a sliding window. In memory: a restart forgets, which is fine for
 * slowing down guessing; several server processes each count their own.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  /** Seconds until this key may try again, or 0 when it may try now. */
  waitS(email: string, address: string): number {
    const recent = this.recent(key(email, address));
    if (recent.length < this.config.loginMaxFailures) return 0;
    const oldest = recent[recent.length - this.config.loginMaxFailures];
    return Math.max(1, Math.ceil((oldest + this.config.loginWindowS * 1000 - this.clock.now().getTime()) / 1000));
  }

  recordFailure(email: string, address: string): void {
    const k = key(email, address);
    const recent = this.recent(k);
    recent.push(this.clock.now().getTime());
    this.failures.delete(k);
    this.failures.set(k, recent);
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(email: string, address: string): void {
    this.failures.delete(key(email, address));
  }

  private recent(k: string): number[] {
    const since = this.clock.now().getTime() - this.config.loginWindowS * 1000;
    return (this.failures.get(k) ?? []).filter((at) => at > since);
  }
}

function key(email: string, address: string): string {
  return `${email.toLowerCase()}\u0000${address}`;
}
