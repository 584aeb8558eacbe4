import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Is the database answering? For readiness checks. */
@Injectable()
export class DatabaseProbe {
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
