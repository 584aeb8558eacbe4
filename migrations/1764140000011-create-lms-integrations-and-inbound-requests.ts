import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLmsIntegrationsAndInboundRequests1764140000011 implements MigrationInterface {
  name = 'CreateLmsIntegrationsAndInboundRequests1764140000011';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- An LMS that hands submissions to perfgrade, signing them with its inbound secret (kept, not hashed:
      -- verifying a signature needs it). The previous secret stays valid for a grace period after a rotation.
      CREATE TABLE lms_integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        inbound_secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        unknown_students text NOT NULL CHECK (unknown_students IN ('create', 'refuse')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Which perfgrade account an LMS user is: the LMS id is authoritative once linked.
      CREATE TABLE lms_user_links (
        integration_id uuid NOT NULL REFERENCES lms_integrations (id) ON DELETE CASCADE,
        lms_user_id text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, lms_user_id)
      );
      CREATE INDEX lms_user_links_user_idx ON lms_user_links (user_id, created_at);

      -- Every accepted inbound request, by its webhook-id: a repeat gets the stored answer and creates nothing.
      -- Written in the same transaction as the submission it created.
      CREATE TABLE lms_inbound_requests (
        integration_id uuid NOT NULL REFERENCES lms_integrations (id) ON DELETE CASCADE,
        webhook_id text NOT NULL,
        submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        lms_user_id text NOT NULL,
        response jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (integration_id, webhook_id)
      );
      CREATE INDEX lms_inbound_requests_submission_idx ON lms_inbound_requests (submission_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE lms_inbound_requests; DROP TABLE lms_user_links; DROP TABLE lms_integrations;');
  }
}
