import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { WorkersModule } from './queue/workers.module.js';
import { SubmissionEventListeners } from './submission-event-listeners.js';
import { WebhookDeliveryModule } from './webhooks/webhook-delivery.module.js';

/**
 * A grading worker without HTTP (src/worker.ts): the same queue and grading core as the server's own slots, and webhook senders.
 * Not the similarity analyses (SimilarityModule): they run in the server, so that the CPU they take stays off the cores a worker
 * keeps for timing runs.
 */
@Module({ imports: [ConfigModule, LoggingModule, CommonModule, DatabaseModule, SubmissionEventListeners, WorkersModule, WebhookDeliveryModule] })
export class WorkerAppModule {}
