import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsersAndAuthTokens1764140000000 implements MigrationInterface {
  name = 'CreateUsersAndAuthTokens1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'instructor', 'student')),
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (email);

      -- Credentials are "<id>.<secret>"; only a hash of the secret is kept.
      CREATE TABLE auth_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('session', 'api', 'invitation')),
        secret_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);
      CREATE INDEX auth_tokens_expires_idx ON auth_tokens (expires_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth_tokens; DROP TABLE users;');
  }
}
