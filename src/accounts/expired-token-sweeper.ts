import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TokensService } from './tokens.service.js';

const SWEEP_MS = 60 * 60 * 1000;

/** Deletes expired sessions, tokens and invitations hourly, so the table holds live credentials only. */
@Injectable()
export class ExpiredTokenSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Auth');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tokens: TokensService) {}

  onApplicationBootstrap(): void {
    const sweep = () => this.tokens.removeExpired().catch((error: Error) => this.logger.warn(`removing expired tokens failed: ${error.message}`));
    void sweep();
    this.timer = setInterval(sweep, SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
