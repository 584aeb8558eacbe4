import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { Clock } from '../common/clock.js';
import { sleep } from '../common/sleep.js';
import { ConfigService } from '../config/config.service.js';
import { DeliveryProcessor, type TryOutcome } from './delivery.processor.js';
import { WebhookDeliveriesRepository, type ClaimedDelivery } from './webhook-deliveries.repository.js';
import { WebhookSignal } from './webhook-signal.js';

/** A sender holds a claimed delivery this much longer than a try may take, then it may be claimed again. */
const LEASE_MARGIN_MS = 30_000;

/**
 * WEBHOOK_SENDERS deliveries in flight at once in this process. Claims what is due, sends, claims again; idle,
 * it waits for news of committed deliveries here, or polls for other processes' and for retries coming due.
 * On shutdown it stops claiming, gives tries in flight a moment to finish, and hands the rest back.
 */
@Injectable()
export class DeliveryPool implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly stopping = new AbortController();
  /** Aborts tries still in flight once the shutdown grace is over. */
  private readonly abortInFlight = new AbortController();
  private readonly inFlight = new Set<Promise<TryOutcome>>();
  private wakeIdle = new AbortController();
  private loop: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;
  readonly owner = `${os.hostname()}:${process.pid}:webhooks`;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly processor: DeliveryProcessor,
    private readonly signal: WebhookSignal,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {
    // Every try in flight listens to it.
    setMaxListeners(0, this.abortInFlight.signal);
  }

  onApplicationBootstrap(): void {
    if (this.config.webhookSenders === 0) return;
    this.stopListening = this.signal.onDue(() => this.wake());
    this.loop = this.run(this.config.webhookSenders);
    this.logger.log(`${this.config.webhookSenders} webhook sender(s) (${this.owner})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.stopListening?.();
    this.wake();
    await this.loop;
    if (this.inFlight.size === 0) return;
    const graceMs = Math.min(this.config.shutdownGraceS * 1000, this.config.webhookTimeoutMs);
    const graceOver = new AbortController();
    const finished = await Promise.race([Promise.allSettled([...this.inFlight]).then(() => true), sleep(graceMs, graceOver.signal).then(() => false)]);
    graceOver.abort();
    if (finished) return;
    // Each aborted try hands its delivery back itself (see DeliveryProcessor.run).
    this.abortInFlight.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Sends everything due now, `concurrency` at a time, until nothing is due; resolves with what each try came
   * to. For tests and the benchmark, which move the clock themselves (with WEBHOOK_SENDERS=0).
   */
  async runDue(concurrency = Math.max(1, this.config.webhookSenders)): Promise<TryOutcome[]> {
    const outcomes: TryOutcome[] = [];
    for (;;) {
      const claimed = await this.claim(concurrency);
      if (claimed.length === 0) return outcomes;
      outcomes.push(...(await Promise.all(claimed.map((delivery) => this.send(delivery)))));
    }
  }

  private async run(senders: number): Promise<void> {
    while (!this.stopping.signal.aborted) {
      // Taken before claiming, so news arriving while we claim is not missed.
      const woken = this.wakeIdle.signal;
      const free = senders - this.inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await this.claim(free);
        } catch (error) {
          this.logger.error(`claiming deliveries failed: ${(error as Error).message}`);
        }
      }
      for (const delivery of claimed) {
        const sending = this.send(delivery).finally(() => {
          this.inFlight.delete(sending);
          this.wake();
        });
        this.inFlight.add(sending);
      }
      // A full batch means more may be due: claim again as soon as a sender is free.
      if (claimed.length > 0 && claimed.length === free) continue;
      await sleep(this.config.webhookPollMs, AbortSignal.any([this.stopping.signal, woken]));
    }
  }

  private claim(limit: number): Promise<ClaimedDelivery[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.config.webhookTimeoutMs + LEASE_MARGIN_MS);
    return this.deliveries.claim(this.owner, now, leaseUntil, limit);
  }

  private async send(delivery: ClaimedDelivery): Promise<TryOutcome> {
    try {
      return await this.processor.run(delivery, this.abortInFlight.signal);
    } catch (error) {
      // Writing the outcome failed (database gone?): the lease runs out and the delivery is claimed again.
      this.logger.error(`delivery ${delivery.id}: ${(error as Error).stack ?? error}`);
      return 'lost';
    }
  }

  private wake(): void {
    const previous = this.wakeIdle;
    this.wakeIdle = new AbortController();
    previous.abort();
  }
}
