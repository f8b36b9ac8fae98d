import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Release 0.2.0, the engine contract:
 * - `policy_sets`: what a case runs under besides its answer targets (the reopen window, the history limit), read by
 *   an activity when the case opens. Only `default` ships; the `fast-test` set of tests and demos is created by the
 *   test setup and the demo seed (apps/stack/src/policy-sets.ts), so the 0.1.0 migration's fast rows are removed.
 * - `case_events.payload_version`: 1 for rows written by 0.1.0, 2 from now on (libs/contracts/case-events.ts reads both).
 * - `cases.reopen_until`: the end of a resolved case's reopen window, so the API can say whether reopen is allowed.
 * - `sla_policies` durations take milliseconds (numeric seconds): tests and demos need sub-second cadences; admins
 *   still enter whole seconds.
 * - `webhook_deliveries` becomes the webhook outbox: a row per notification to deliver, with its next attempt
 *   (NULL for rows of a caller that delivers by itself), drained by its own workflow so a receiver that is down never
 *   holds a case.
 */
export class EngineContract1765000000000 implements MigrationInterface {
  name = 'EngineContract1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policy_sets (
        name varchar(64) PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]*$'),
        name_vi text NOT NULL CHECK (name_vi <> ''),
        name_en text NOT NULL,
        reopen_window_seconds integer NOT NULL CHECK (reopen_window_seconds > 0),
        history_event_limit integer NOT NULL CHECK (history_event_limit BETWEEN 50 AND 50000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await queryRunner.query(`
      INSERT INTO policy_sets (name, name_vi, name_en, reopen_window_seconds, history_event_limit, updated_by)
      VALUES ('default', 'Bộ chính sách mặc định', 'Default policy set', 2592000, 5000, 'migration')`);
    await queryRunner.query(`DELETE FROM sla_policies WHERE policy_set = 'fast-test' AND updated_by = 'migration'`);

    await queryRunner.query(`
      ALTER TABLE sla_policies
        ALTER COLUMN allowance_seconds TYPE numeric(12, 3),
        ALTER COLUMN renotify_seconds TYPE numeric(12, 3)`);
    await queryRunner.query(`ALTER TABLE case_events ADD COLUMN payload_version smallint NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN reopen_until timestamptz`);

    await queryRunner.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN abandoned_at timestamptz`);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
        WHERE delivered_at IS NULL AND abandoned_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_due`);
    await queryRunner.query(`ALTER TABLE webhook_deliveries DROP COLUMN abandoned_at, DROP COLUMN next_attempt_at`);
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN reopen_until`);
    await queryRunner.query(`ALTER TABLE case_events DROP COLUMN payload_version`);
    await queryRunner.query(`
      ALTER TABLE sla_policies
        ALTER COLUMN allowance_seconds TYPE integer USING ceil(allowance_seconds),
        ALTER COLUMN renotify_seconds TYPE integer USING ceil(renotify_seconds)`);
    await queryRunner.query(`DROP TABLE policy_sets`);
  }
}
