import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhookEndpointsEventsAndDeliveries1764140000010 implements MigrationInterface {
  name = 'CreateWebhookEndpointsEventsAndDeliveries1764140000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The secret itself is kept (not a hash): every delivery is signed with it. After a rotation the old
      -- one keeps signing alongside the new one until previous_secret_expires_at.
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        events jsonb NOT NULL CHECK (jsonb_typeof(events) = 'array'),
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- The outbox: one row per event, written in the transaction of its cause. body is the exact JSON sent
      -- on every attempt to every endpoint (only the signature headers change).
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX webhook_events_created_idx ON webhook_events (created_at);

      -- One event to one endpoint. pending → sending (leased) → delivered, or back to pending with a later
      -- next_attempt_at, or dead (dead letter: last try failed, or the endpoint was disabled) until replayed.
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_owner text,
        lease_expires_at timestamptz,
        last_attempt_at timestamptz,
        last_status integer,
        last_response text,
        last_error text,
        delivered_at timestamptz,
        dead_at timestamptz,
        replays integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        UNIQUE (event_id, endpoint_id)
      );
      -- What senders scan when claiming: unfinished deliveries by due time.
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state IN ('pending', 'sending');
      CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);

      -- The grade an LMS was last told for a student and an assignment (best or last, per the policy), so a
      -- change is noticed once and numbered: receivers drop a grade.updated older than one they applied.
      CREATE TABLE counted_grades (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        assignment_id uuid NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
        submission_id uuid REFERENCES submissions (id) ON DELETE SET NULL,
        score double precision,
        max_score double precision,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, assignment_id)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE counted_grades; DROP TABLE webhook_deliveries; DROP TABLE webhook_events; DROP TABLE webhook_endpoints;');
  }
}
