import { Clock } from '../../src/common/clock.js';
import type { Transactions, Tx } from '../../src/database/transactions.js';

/** A clock that says what the test tells it. */
export class TestClock extends Clock {
  private ms: number;

  constructor(at: Date | string = '2026-03-02T09:00:00Z') {
    super();
    this.ms = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** Runs each unit of work on `tx` (a stand-in: repositories are fakes too), noting "begin" and "commit" in `log`. */
export function fakeTransactions(tx: Tx = {} as Tx, log?: string[]): Transactions {
  return {
    run: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      log?.push('begin');
      const result = await work(tx);
      log?.push('commit');
      return result;
    },
  } as unknown as Transactions;
}
