import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case lists and safe retries.
 *
 * - `cases.search_folded`: title and description folded for diacritics-insensitive search (lower case, no tone
 *   marks, đ → d; `foldVietnamese` in libs/reference). The projection upsert fills it on every event. Rows written
 *   before this migration stay NULL until their next event (the fold is JavaScript, so SQL cannot backfill it
 *   faithfully); the case list falls back to ILIKE on title and description for them.
 * - Indexes for the list's sort orders (keyset pagination on (key, id)) and for "my work".
 * - `idempotency_keys`: one row per (user, Idempotency-Key) of a create request. `request_hash` is the SHA-256 of
 *   the canonical JSON body; `completed_at` NULL means the first request is still running (or crashed: after
 *   `claimed_at` + 5 min a retry with the same body may take it over). `response_body` is the first response,
 *   AES-256-GCM-encrypted because some create responses carry one-time passwords. Keys live 24 hours from
 *   `created_at`; the API deletes expired rows opportunistically.
 */
export class CaseListsAndIdempotency1764300500000 implements MigrationInterface {
  name = 'CaseListsAndIdempotency1764300500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN search_folded text`);
    await queryRunner.query(`CREATE INDEX ix_cases_raised_at_id ON cases (raised_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_cases_updated_at_id ON cases (updated_at, id)`);
    await queryRunner.query(`CREATE INDEX ix_cases_raised_by_status ON cases (raised_by_user_id, status)`);
    await queryRunner.query(
      `CREATE INDEX ix_cases_level_unit ON cases (escalation_level, assigned_unit_code) WHERE escalation_level IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_cases_assignee_user_id ON cases (assignee_user_id) WHERE assignee_user_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[!-~]{1,200}$'),
        method varchar(10) NOT NULL,
        path text NOT NULL,
        request_hash bytea NOT NULL CHECK (octet_length(request_hash) = 32),
        claim_id uuid NOT NULL,
        response_status integer CHECK (response_status BETWEEN 100 AND 599),
        response_body bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, key),
        CHECK ((completed_at IS NULL) = (response_status IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP INDEX ix_cases_assignee_user_id`);
    await queryRunner.query(`DROP INDEX ix_cases_level_unit`);
    await queryRunner.query(`DROP INDEX ix_cases_raised_by_status`);
    await queryRunner.query(`DROP INDEX ix_cases_updated_at_id`);
    await queryRunner.query(`DROP INDEX ix_cases_raised_at_id`);
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN search_folded`);
  }
}
