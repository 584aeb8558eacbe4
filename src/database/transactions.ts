import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** An open transaction, passed to repository methods that must commit together. Opaque to services. */
export type Tx = EntityManager;

/**
 * Runs work in one transaction. On PGlite (one connection) nothing else runs until it ends, so the work must
 * use only `tx`, never a repository method without it.
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
