import { Module } from '@nestjs/common';
import { DeliveryPool } from './delivery-pool.service.js';
import { DeliveryProcessor } from './delivery.processor.js';
import { HostResolver } from './host-resolver.js';
import { UrlGuard } from './url-guard.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.js';
import { WebhookHttpClient } from './webhook-http.client.js';
import { WebhookOutboxModule } from './webhook-outbox.module.js';

/**
 * The senders (WEBHOOK_SENDERS per process): in the server by default and in every `npm run start:worker`,
 * all claiming from the same table, so any of them can be killed without losing a delivery.
 */
@Module({
  imports: [WebhookOutboxModule],
  providers: [DeliveryPool, DeliveryProcessor, WebhookDeliveriesRepository, WebhookEndpointsRepository, WebhookHttpClient, UrlGuard, HostResolver],
  exports: [DeliveryPool, WebhookDeliveriesRepository, WebhookEndpointsRepository, UrlGuard],
})
export class WebhookDeliveryModule {}
