import { Module } from '@nestjs/common';
import { CountedGradesRepository } from './counted-grades.repository.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhookOutbox } from './webhook-outbox.service.js';
import { WebhookSignal } from './webhook-signal.js';

/**
 * Writing events (for the submissions API and the grading workers, inside their transactions). Small and
 * free of HTTP, so every process that grades or accepts submissions can import it.
 */
@Module({
  providers: [WebhookOutbox, WebhookEventsRepository, CountedGradesRepository, WebhookSignal],
  exports: [WebhookOutbox, WebhookSignal],
})
export class WebhookOutboxModule {}
