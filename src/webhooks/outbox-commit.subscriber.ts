import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import type { Tx } from '../database/transactions.js';
import { WebhookSignal } from './webhook-signal.js';

const PENDING = 'perfgrade:webhookDeliveriesWritten';

/** Notes on the transaction that it wrote deliveries, so senders are woken once it commits (not before: they would find nothing). */
export function markDeliveriesWritten(tx: Tx): void {
  const data = tx.queryRunner?.data as Record<string, unknown> | undefined;
  if (data) data[PENDING] = true;
}

/**
 * Wakes this process's senders the moment a transaction that wrote deliveries commits, so an event goes out
 * within milliseconds of its cause instead of at the next poll. Callers of the outbox need not remember to.
 */
@Injectable()
export class OutboxCommitSubscriber implements EntitySubscriberInterface, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signal: WebhookSignal,
  ) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[PENDING]) return;
    delete data[PENDING];
    this.signal.announce();
  }
}
