import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from './metrics-registry.js';
import { MetricsRepository } from './metrics.repository.js';

/**
 * What /metrics answers. The queue and webhook figures are read from the database at each scrape, so an
 * autoscaler sees the whole queue (every worker's), not this process's share of it.
 */
@Injectable()
export class MetricsService {
  private readonly waiting: Gauge<'assignment'>;
  private readonly running: Gauge<'assignment'>;
  private readonly oldestWaiting: Gauge<'assignment'>;
  private readonly verdicts: Gauge<'assignment' | 'verdict'>;
  private readonly deliveries: Gauge<'state'>;
  private readonly oldestUndelivered: Gauge;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly repository: MetricsRepository,
  ) {
    const registers = [metrics.registry];
    this.waiting = new Gauge({
      name: 'perfgrade_queue_depth',
      help: 'Grading jobs waiting for a worker (queued and due), per assignment.',
      labelNames: ['assignment'],
      registers,
    });
    this.running = new Gauge({
      name: 'perfgrade_queue_running',
      help: 'Grading jobs being graded now, per assignment.',
      labelNames: ['assignment'],
      registers,
    });
    this.oldestWaiting = new Gauge({
      name: 'perfgrade_queue_oldest_job_age_seconds',
      help: 'How long the oldest waiting grading job has been queued (0 when none waits), per assignment.',
      labelNames: ['assignment'],
      registers,
    });
    this.verdicts = new Gauge({
      name: 'perfgrade_submissions',
      help: 'Submissions with a final outcome, by assignment and verdict ("error": we could not grade it).',
      labelNames: ['assignment', 'verdict'],
      registers,
    });
    this.deliveries = new Gauge({
      name: 'perfgrade_webhook_deliveries',
      help: 'Webhook deliveries not delivered: waiting (pending), being sent (sending), dead-lettered (dead).',
      labelNames: ['state'],
      registers,
    });
    this.oldestUndelivered = new Gauge({
      name: 'perfgrade_webhook_oldest_undelivered_age_seconds',
      help: 'Age of the oldest webhook delivery still to be delivered (0 when none).',
      registers,
    });
  }

  /** The Prometheus text format (the registry's default content type). */
  async scrape(): Promise<string> {
    const [queue, verdicts, backlog] = await Promise.all([this.repository.queue(), this.repository.verdicts(), this.repository.webhookBacklog()]);
    // Reset first: an assignment or verdict that is gone must not keep its last figure.
    for (const gauge of [this.waiting, this.running, this.oldestWaiting, this.verdicts]) gauge.reset();
    for (const row of queue) {
      this.waiting.set({ assignment: row.assignment }, row.waiting);
      this.running.set({ assignment: row.assignment }, row.running);
      this.oldestWaiting.set({ assignment: row.assignment }, row.oldestWaitingS);
    }
    for (const row of verdicts) this.verdicts.set({ assignment: row.assignment, verdict: row.verdict }, row.submissions);
    for (const state of ['pending', 'sending', 'dead'] as const) this.deliveries.set({ state }, backlog[state]);
    this.oldestUndelivered.set(backlog.oldestUndeliveredS);
    return this.metrics.registry.metrics();
  }
}
