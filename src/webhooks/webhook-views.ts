import type { DeliveryRecord, DeliveryState } from './webhook-deliveries.repository.js';
import type { EndpointRecord } from './webhook-endpoints.repository.js';
import type { SubscribableEvent } from './webhook-events.types.js';
import type { DeliveryDto, WebhookEndpointDto } from './webhook.dto.js';

export function endpointView(endpoint: EndpointRecord, deliveries: Record<DeliveryState, number>): WebhookEndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events as SubscribableEvent[],
    description: endpoint.description,
    enabled: endpoint.disabledAt === null,
    ...(endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {}),
    ...(endpoint.previousSecretExpiresAt ? { previousSecretValidUntil: iso(endpoint.previousSecretExpiresAt) } : {}),
    createdAt: iso(endpoint.createdAt),
    deliveries,
  };
}

export function deliveryView(record: DeliveryRecord): DeliveryDto {
  return {
    id: record.id,
    eventId: record.eventId,
    type: record.type,
    status: record.state,
    attempts: record.attempts,
    replays: record.replays,
    ...(record.nextAttemptAt ? { nextAttemptAt: iso(record.nextAttemptAt) } : {}),
    ...(record.lastAttemptAt ? { lastAttemptAt: iso(record.lastAttemptAt) } : {}),
    ...(record.lastStatus !== null ? { lastResponseStatus: record.lastStatus } : {}),
    ...(record.lastResponse ? { lastResponseBody: record.lastResponse } : {}),
    ...(record.lastError ? { lastError: record.lastError } : {}),
    ...(record.deliveredAt ? { deliveredAt: iso(record.deliveredAt) } : {}),
    ...(record.deadAt ? { deadAt: iso(record.deadAt) } : {}),
    createdAt: iso(record.createdAt),
  };
}

function iso(date: Date | string): string {
  return new Date(date).toISOString();
}
