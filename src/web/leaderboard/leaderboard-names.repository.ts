import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { execute, queryOptionalRow, queryRows } from '../../database/query.js';

const NameRow = z.strictObject({ userId: z.string(), pseudonym: z.string() });

/** The leaderboard_names table: who opted in, under which pseudonym. */
@Injectable()
export class LeaderboardNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<string | null> {
    const row = await queryOptionalRow(this.dataSource, 'SELECT pseudonym FROM leaderboard_names WHERE user_id = $1', [userId], z.strictObject({ pseudonym: z.string() }));
    return row?.pseudonym ?? null;
  }

  /** Everyone who opted in: user id → pseudonym. */
  async all(): Promise<Map<string, string>> {
    const rows = await queryRows(this.dataSource, 'SELECT user_id AS "userId", pseudonym FROM leaderboard_names', [], NameRow);
    return new Map(rows.map((row) => [row.userId, row.pseudonym]));
  }

  /** False when the pseudonym is taken (the caller picks another); opting in twice keeps the first name. */
  async insert(userId: string, pseudonym: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `INSERT INTO leaderboard_names (user_id, pseudonym) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`,
      [userId, pseudonym],
      z.strictObject({ userId: z.string() }),
    );
    return rows.length > 0;
  }

  async delete(userId: string): Promise<void> {
    await execute(this.dataSource, 'DELETE FROM leaderboard_names WHERE user_id = $1', [userId]);
  }
}
