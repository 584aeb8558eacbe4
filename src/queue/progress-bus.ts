import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { GradingProgress } from '../grading/report.types.js';

export type JobEvent = { type: 'progress'; progress: GradingProgress } | { type: 'finished' };

/**
 * In-process news about grading: progress of submissions graded here (for their event streams, at once) and
 * "a job was queued" (wakes idle workers here). Other processes learn the same from the database, by polling.
 */
@Injectable()
export class ProgressBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(submissionId: string, event: JobEvent): void {
    this.emitter.emit(`submission:${submissionId}`, event);
  }

  subscribe(submissionId: string, listener: (event: JobEvent) => void): () => void {
    this.emitter.on(`submission:${submissionId}`, listener);
    return () => this.emitter.off(`submission:${submissionId}`, listener);
  }

  announceQueued(): void {
    this.emitter.emit('queued');
  }

  onQueued(listener: () => void): () => void {
    this.emitter.on('queued', listener);
    return () => this.emitter.off('queued', listener);
  }
}
