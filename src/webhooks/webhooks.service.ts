import { Injectable } from '@nestjs/common';
import type { Caller } from '../accounts/caller.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { Transactions } from '../database/transactions.js';
import { newSecret } from './standard-webhooks.js';
import { UrlGuard } from './url-guard.js';
import { DELIVERY_STATES, WebhookDeliveriesRepository, type DeliveryState } from './webhook-deliveries.repository.js';
import { WebhookEndpointsRepository, type EndpointRecord } from './webhook-endpoints.repository.js';
import { WebhookOutbox } from './webhook-outbox.service.js';
import { deliveryView, endpointView } from './webhook-views.js';
import type { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, PingDto, ReplayedDto, RotatedSecretDto, WebhookEndpointDto } from './webhook.dto.js';

export interface DeliveryQuery {
  status?: string;
  limit?: string;
  offset?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Managing webhook endpoints and their deliveries (staff only; the routes check the role). Endpoints belong
 * to the course, not to the instructor who registered them: every instructor sees and manages all of them.
 * The web dashboard calls `list()` and `listDeliveries()` like the API does.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly outbox: WebhookOutbox,
    private readonly guard: UrlGuard,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const url = await this.guard.check(dto.url);
    const secret = newSecret();
    const endpoint = await this.endpoints.insert({ url: url.href, description: dto.description?.trim() ?? '', events: dto.events, secret, createdBy: caller.id, now: this.clock.now() });
    return { ...(await this.view(endpoint)), secret };
  }

  async list(): Promise<WebhookEndpointDto[]> {
    const endpoints = await this.endpoints.list(this.clock.now());
    return Promise.all(endpoints.map((endpoint) => this.view(endpoint)));
  }

  async get(id: string): Promise<WebhookEndpointDto> {
    return this.view(await this.found(id));
  }

  async delete(id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.endpoints.delete(id))) throw notFound(id);
  }

  /** A new secret; the old one keeps signing alongside it for WEBHOOK_SECRET_GRACE_S, so receivers can switch without losing a delivery. */
  async rotateSecret(id: string): Promise<RotatedSecretDto> {
    await this.found(id);
    const now = this.clock.now();
    const secret = newSecret();
    const graceUntil = new Date(now.getTime() + this.config.webhookSecretGraceS * 1000);
    if (!(await this.endpoints.rotate(id, secret, graceUntil, now))) throw notFound(id);
    return { secret, previousSecretValidUntil: graceUntil.toISOString() };
  }

  /** Sends again to an endpoint that was disabled (it answered 410); its dead letters can then be replayed. */
  async enable(id: string): Promise<WebhookEndpointDto> {
    const endpoint = await this.found(id);
    await this.guard.check(endpoint.url);
    await this.endpoints.enable(id, this.clock.now());
    return this.get(id);
  }

  /** Queues a `ping` to this endpoint alone, delivered (and retried) like any event. */
  async ping(id: string): Promise<PingDto> {
    const endpoint = await this.found(id);
    if (endpoint.disabledAt) throw disabled(endpoint);
    const { eventId, deliveryId } = await this.transactions.run((tx) => this.outbox.ping(tx, id));
    if (!deliveryId) throw disabled(endpoint);
    return { eventId, deliveryId };
  }

  /** Newest first: status, tries, the last answer (status and the start of its body), the next try. */
  async listDeliveries(id: string, query: DeliveryQuery = {}): Promise<DeliveryDto[]> {
    await this.found(id);
    const status = query.status === undefined || query.status === '' ? undefined : stateOf(query.status);
    const limit = boundedInt(query.limit, 'limit', 50, 1, 500);
    const offset = boundedInt(query.offset, 'offset', 0, 0, 1_000_000);
    return (await this.deliveries.list(id, status, limit, offset)).map(deliveryView);
  }

  /** One dead letter (or all of the endpoint's, without `deliveryId`) back to the start of the retry schedule. */
  async replay(id: string, deliveryId?: string): Promise<ReplayedDto> {
    const endpoint = await this.found(id);
    if (endpoint.disabledAt) throw disabled(endpoint);
    if (deliveryId !== undefined && !UUID.test(deliveryId)) throw deliveryNotFound(deliveryId);
    const replayed = await this.deliveries.replay(id, deliveryId ?? null, this.clock.now());
    if (deliveryId !== undefined && replayed === 0) throw deliveryNotFound(deliveryId);
    return { replayed };
  }

  private async found(id: string): Promise<EndpointRecord> {
    const endpoint = UUID.test(id) ? await this.endpoints.find(id, this.clock.now()) : null;
    if (!endpoint) throw notFound(id);
    return endpoint;
  }

  private async view(endpoint: EndpointRecord): Promise<WebhookEndpointDto> {
    return endpointView(endpoint, await this.deliveries.countByState(endpoint.id));
  }
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `There is no webhook endpoint ${id}; GET /api/webhooks lists them.`);
}

function deliveryNotFound(id: string): DomainError {
  return new DomainError('not_found', `There is no dead-lettered delivery ${id} of this endpoint; only dead letters can be replayed (GET …/deliveries?status=dead lists them).`);
}

function disabled(endpoint: EndpointRecord): DomainError {
  return new DomainError('conflict', `The endpoint is disabled (${endpoint.disabledReason ?? 'disabled'}). Enable it first: POST /api/webhooks/${endpoint.id}/enable.`);
}

function stateOf(value: string): DeliveryState {
  if ((DELIVERY_STATES as readonly string[]).includes(value)) return value as DeliveryState;
  throw new DomainError('invalid', `status: must be one of ${DELIVERY_STATES.join(', ')}.`);
}

function boundedInt(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new DomainError('invalid', `${name}: must be a whole number from ${min} to ${max}.`);
  return value;
}
