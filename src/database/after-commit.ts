import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import type { Tx } from './transactions.js';

const PENDING = 'perfgrade:afterCommit';

type Pending = Map<string, () => void>;

/**
 * Runs `callback` once the transaction has committed, and never if it rolls back: for news that must not
 * arrive before what it announces can be read (waking senders of webhook deliveries written in it). Once per
 * key and transaction, however often it is asked for.
 */
export function afterCommit(tx: Tx, key: string, callback: () => void): void {
  const data = tx.queryRunner?.data as Record<string, unknown> | undefined;
  if (!data) return;
  const pending = (data[PENDING] ??= new Map()) as Pending;
  pending.set(key, callback);
}

/** Calls what afterCommit() noted, when TypeORM reports the commit (registered once per data source). */
@Injectable()
export class CommitCallbacks implements EntitySubscriberInterface, OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    const pending = data[PENDING] as Pending | undefined;
    delete data[PENDING];
    for (const callback of pending?.values() ?? []) callback();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete (event.queryRunner.data as Record<string, unknown>)[PENDING];
  }
}
