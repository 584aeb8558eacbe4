import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class LeaderboardNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<string | null> {
    const rows: { pseudonym: string }[] = await this.dataSource.query('SELECT pseudonym FROM leaderboard_names WHERE user_id = $1', [userId]);
    return rows[0]?.pseudonym ?? null;
  }

  /** Everyone who opted in: user id → pseudonym. */
  async all(): Promise<Map<string, string>> {
    const rows: { userId: string; pseudonym: string }[] = await this.dataSource.query('SELECT user_id AS "userId", pseudonym FROM leaderboard_names');
    return new Map(rows.map((row) => [row.userId, row.pseudonym]));
  }

  /** False when the pseudonym is taken (the caller picks another); opting in twice keeps the first name. */
  async insert(userId: string, pseudonym: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO leaderboard_names (user_id, pseudonym) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [userId, pseudonym],
    );
    return rows.length > 0;
  }

  async delete(userId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM leaderboard_names WHERE user_id = $1', [userId]);
  }
}
