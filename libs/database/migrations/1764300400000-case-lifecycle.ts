import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the full lifecycle needs in the case projection: close reasons, merges, the paused clock, breaches. */
export class CaseLifecycle1764300400000 implements MigrationInterface {
  name = 'CaseLifecycle1764300400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN escalation_target varchar(32),
        ADD COLUMN deadline_remaining_ms bigint,
        ADD COLUMN sla_policy_id text,
        ADD COLUMN breach_count integer NOT NULL DEFAULT 0,
        ADD COLUMN close_reason varchar(32),
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN merged_into_case_id uuid`);
    await queryRunner.query(
      `CREATE INDEX ix_cases_merged_into ON cases (merged_into_case_id) WHERE merged_into_case_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_cases_answer_deadline ON cases (answer_deadline) WHERE answer_deadline IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX ix_case_events_type_time ON case_events (type, occurred_at)`);
    // The state after each event, so timelines and audits read stages straight from the log.
    await queryRunner.query(`
      ALTER TABLE case_events
        ADD COLUMN status_after varchar(32),
        ADD COLUMN escalation_level_after varchar(32)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_events DROP COLUMN status_after, DROP COLUMN escalation_level_after`);
    await queryRunner.query(`DROP INDEX ix_case_events_type_time`);
    await queryRunner.query(`DROP INDEX ix_cases_answer_deadline`);
    await queryRunner.query(`DROP INDEX ix_cases_merged_into`);
    await queryRunner.query(`
      ALTER TABLE cases
        DROP COLUMN escalation_target, DROP COLUMN deadline_remaining_ms, DROP COLUMN sla_policy_id,
        DROP COLUMN breach_count, DROP COLUMN close_reason, DROP COLUMN resolved_at, DROP COLUMN merged_into_case_id`);
  }
}
