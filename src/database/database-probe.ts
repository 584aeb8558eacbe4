import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from './query.js';

/** Is the database answering? For readiness checks. */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await execute(this.dataSource, 'SELECT 1');
  }
}
