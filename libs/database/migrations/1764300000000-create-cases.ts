import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1764300000000 implements MigrationInterface {
  name = 'CreateCases1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        description text NOT NULL,
        province_code varchar(2) NOT NULL,
        commune_code varchar(5) NOT NULL,
        field varchar(64) NOT NULL,
        priority varchar(16) NOT NULL,
        status varchar(32) NOT NULL,
        escalation_level varchar(32),
        assigned_unit_code varchar(32),
        assignee_user_id text,
        answer_deadline timestamptz,
        raised_by_user_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        closed_at timestamptz,
        last_event_sequence integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_cases_province_status ON cases (province_code, status)`);
    await queryRunner.query(`
      CREATE TABLE case_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        sequence integer NOT NULL CHECK (sequence > 0),
        type varchar(64) NOT NULL,
        actor_user_id text NOT NULL,
        actor_roles text[] NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        deadline_at timestamptz,
        policy_id text,
        request_id text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_case_events_case_sequence ON case_events (case_id, sequence)`);
    // The log is evidence for audits: nobody, not even the application, rewrites history.
    await queryRunner.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER case_events_no_rewrite BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_events`);
    await queryRunner.query(`DROP FUNCTION case_events_append_only()`);
    await queryRunner.query(`DROP TABLE cases`);
  }
}
