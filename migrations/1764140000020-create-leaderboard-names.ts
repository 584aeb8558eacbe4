import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Students who opted in to the leaderboards, each under a pseudonym (their name is never shown there). */
export class CreateLeaderboardNames1764140000020 implements MigrationInterface {
  name = 'CreateLeaderboardNames1764140000020';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE leaderboard_names (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        pseudonym text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX leaderboard_names_pseudonym_key ON leaderboard_names (pseudonym);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE leaderboard_names;');
  }
}
