import { Module } from '@nestjs/common';
import { WebhookDeliveryModule } from './webhook-delivery.module.js';
import { WebhookOutboxModule } from './webhook-outbox.module.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** The webhooks API for instructors (server only). WebhooksService is exported for the web dashboard. */
@Module({
  imports: [WebhookOutboxModule, WebhookDeliveryModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
