import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JSONSchemaType } from 'ajv';
import { DELIVERY_STATES, type DeliveryState } from './webhook-deliveries.repository.js';
import { EVENT_TYPES, type EventType, type SubscribableEvent } from './webhook-events.types.js';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://lms.example.edu/perfgrade/webhook' }) url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events: SubscribableEvent[];
  @ApiPropertyOptional({ example: 'Moodle, course CS-241' }) description?: string;
}

export const createWebhookSchema: JSONSchemaType<CreateWebhookDto> = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    events: { type: 'array', items: { type: 'string', enum: [...EVENT_TYPES] }, minItems: 1, uniqueItems: true },
    description: { type: 'string', nullable: true, maxLength: 500 },
  },
  required: ['url', 'events'],
  additionalProperties: false,
};

export class DeliveryCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() sending: number;
  @ApiProperty() delivered: number;
  @ApiProperty({ description: 'Dead letters: the last try failed, or the endpoint was disabled. Replayable.' }) dead: number;
}

export class WebhookEndpointDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events: SubscribableEvent[];
  @ApiProperty() description: string;
  @ApiProperty({ description: 'False once the receiver answered 410 Gone; POST …/enable to send again.' }) enabled: boolean;
  @ApiPropertyOptional() disabledReason?: string;
  @ApiPropertyOptional({ description: 'After a rotation: until when the previous secret still signs deliveries too.' })
  previousSecretValidUntil?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: DeliveryCountsDto }) deliveries: DeliveryCountsDto;
}

export class CreatedWebhookDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'whsec_… — shown only now: store it where the receiver verifies signatures.' }) secret: string;
}

export class RotatedSecretDto {
  @ApiProperty({ description: 'The new secret, shown only now.' }) secret: string;
  @ApiProperty({ description: 'Deliveries are signed with both secrets until then.' }) previousSecretValidUntil: string;
}

export class PingDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'Follow it in GET /api/webhooks/:id/deliveries.' }) deliveryId: string;
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The webhook-id header: the same on every try.' }) eventId: string;
  @ApiProperty() type: EventType;
  @ApiProperty({ enum: DELIVERY_STATES, description: 'pending (waiting for its next try), sending, delivered, dead (dead letter).' }) status: DeliveryState;
  @ApiProperty({ description: 'Tries since it was queued or last replayed.' }) attempts: number;
  @ApiProperty() replays: number;
  @ApiPropertyOptional() nextAttemptAt?: string;
  @ApiPropertyOptional() lastAttemptAt?: string;
  @ApiPropertyOptional({ description: 'HTTP status of the last answer.' }) lastResponseStatus?: number;
  @ApiPropertyOptional({ description: 'The first KiB of the last answer.' }) lastResponseBody?: string;
  @ApiPropertyOptional({ description: 'Why the last try failed (timeout, refused connection, HTTP status).' }) lastError?: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiPropertyOptional() deadAt?: string;
  @ApiProperty() createdAt: string;
}

export class ReplayedDto {
  @ApiProperty({ description: 'Dead letters queued again, from the start of the retry schedule.' }) replayed: number;
}
