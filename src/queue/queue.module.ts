import { Module } from '@nestjs/common';
import { JobsRepository } from './jobs.repository.js';
import { ProgressBus } from './progress-bus.js';
import { QueueService } from './queue.service.js';

/** The durable grading queue (a table) and in-process progress news. */
@Module({ providers: [JobsRepository, QueueService, ProgressBus], exports: [JobsRepository, QueueService, ProgressBus] })
export class QueueModule {}
