import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { ConfigService } from '../config/config.service.js';
import { Transactions } from '../database/transactions.js';
import { MAX_ATTEMPTS, nextDelayS, parseRetryAfter } from './retry-schedule.js';
import { signedHeaders } from './standard-webhooks.js';
import { WebhookDeliveriesRepository, type AttemptResult, type ClaimedDelivery, type DeliveryState } from './webhook-deliveries.repository.js';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.js';
import { WebhookHttpClient, type SendOutcome } from './webhook-http.client.js';

/** What one try came to, for the pool's figures and the tests. */
export type TryOutcome = 'delivered' | 'retry' | 'dead' | 'disabled' | 'lost' | 'released';

/**
 * Sends one claimed delivery and writes back what happened: 2xx is delivered; 410 Gone disables the endpoint
 * (the receiver says it will never want these again); anything else — another status, a timeout, a refused
 * connection — is retried on the schedule, no sooner than a Retry-After asks, and dead-lettered after the
 * last try. The body is the stored bytes; only the timestamp and signatures are new on each try.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly http: WebhookHttpClient,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async run(delivery: ClaimedDelivery, signal?: AbortSignal): Promise<TryOutcome> {
    if (delivery.endpointDisabledReason !== null) {
      return this.fail(delivery, { status: null, excerpt: null, error: `not sent: the endpoint was disabled (${delivery.endpointDisabledReason})` }, null);
    }
    if (delivery.attempts > MAX_ATTEMPTS) {
      // Only a sender that died during the last try gets here (its lease ran out).
      return this.fail(delivery, { status: null, excerpt: null, error: 'the sender stopped during the last try' }, null);
    }
    const sentAt = this.clock.now();
    const headers = signedHeaders(delivery.secrets, delivery.eventId, Math.floor(sentAt.getTime() / 1000), delivery.body);
    const outcome = await this.http.post(new URL(delivery.url), { ...headers }, delivery.body, this.config.webhookTimeoutMs, signal);
    if (outcome.kind === 'failed' && signal?.aborted) {
      // Cut off by shutdown: not the receiver's failure, so not a counted try.
      await this.deliveries.release(delivery, this.clock.now());
      return 'released';
    }
    const result = resultOf(outcome);
    if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) {
      return (await this.deliveries.delivered(delivery, result, this.clock.now())) ? 'delivered' : this.lost(delivery);
    }
    if (outcome.kind === 'answered' && outcome.status === 410) return this.gone(delivery, result);
    const retryAfterS = outcome.kind === 'answered' ? parseRetryAfter(outcome.retryAfter, this.clock.now()) : null;
    const delayS = nextDelayS(delivery.attempts, retryAfterS);
    return this.fail(delivery, result, delayS === null ? null : new Date(this.clock.now().getTime() + delayS * 1000));
  }

  private async fail(delivery: ClaimedDelivery, result: AttemptResult, nextAt: Date | null): Promise<TryOutcome> {
    const state: DeliveryState | null = await this.deliveries.failed(delivery, result, nextAt, this.clock.now());
    if (state === null) return this.lost(delivery);
    if (state === 'dead') this.logger.warn(`delivery ${delivery.id} (${delivery.type} to ${delivery.url}) dead-lettered after ${delivery.attempts} tries: ${result.error ?? `HTTP ${result.status}`}`);
    return state === 'dead' ? 'dead' : 'retry';
  }

  /** 410: this delivery is dead, and so is everything else waiting for the endpoint, which is disabled. */
  private async gone(delivery: ClaimedDelivery, result: AttemptResult): Promise<TryOutcome> {
    const now = this.clock.now();
    const reason = `answered 410 Gone on ${now.toISOString()}`;
    await this.transactions.run((tx) => this.endpoints.disable(tx, delivery.endpointId, reason, now));
    const state = await this.deliveries.failed(delivery, result, null, now);
    this.logger.warn(`webhook endpoint ${delivery.endpointId} (${delivery.url}) ${reason}: disabled`);
    return state === null ? this.lost(delivery) : 'disabled';
  }

  private lost(delivery: ClaimedDelivery): TryOutcome {
    this.logger.warn(`delivery ${delivery.id} try ${delivery.attempts}: another sender took it over (or its endpoint was deleted); this outcome was dropped`);
    return 'lost';
  }
}

function resultOf(outcome: SendOutcome): AttemptResult {
  return outcome.kind === 'answered'
    ? { status: outcome.status, excerpt: outcome.excerpt, error: outcome.status >= 200 && outcome.status < 300 ? null : `answered HTTP ${outcome.status}` }
    : { status: null, excerpt: null, error: outcome.error };
}
