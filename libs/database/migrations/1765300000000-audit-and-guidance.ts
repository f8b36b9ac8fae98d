import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit read models, the guidance library and case links (issue 9).
 *
 * - `audit_cases` (one row per case) and `audit_level_stints` (one row per escalation level a case spent time at)
 *   are kept by the audit projector from `case_events` (libs/audit). They are derived data: `npm run audit:rebuild`
 *   recomputes them from the log. `audit_projector_checkpoints` holds the last event id the projector has applied.
 * - `guidance_entries` is the library: created by the projector from answers published as guidance (natural key
 *   source case + event sequence) or by the Working Group from lessons learned; edits keep every earlier version in
 *   `guidance_entry_versions`. Entries are not derived data (they are edited), so a rebuild never deletes them.
 * - Search: `unaccent` + `pg_trgm`. `case_engine_fold(text)` is lower(unaccent(text)) declared IMMUTABLE (it names
 *   the dictionary explicitly) so generated columns and indexes can use it; the text search configuration
 *   `vn_unaccent` is `simple` with unaccent in front, so "chinh quyen" and "chính quyền" give the same lexemes.
 */
export class AuditAndGuidance1765300000000 implements MigrationInterface {
  name = 'AuditAndGuidance1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE FUNCTION case_engine_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION vn_unaccent (COPY = simple)`);
    await queryRunner.query(`
      ALTER TEXT SEARCH CONFIGURATION vn_unaccent
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple`);

    await queryRunner.query(`
      CREATE TABLE audit_projector_checkpoints (
        name text PRIMARY KEY,
        last_event_id bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO audit_projector_checkpoints (name) VALUES ('audit')`);

    await queryRunner.query(`
      CREATE TABLE audit_cases (
        case_id uuid PRIMARY KEY,
        province_code varchar(2) NOT NULL,
        commune_code varchar(5) NOT NULL,
        field varchar(64) NOT NULL,
        priority varchar(16) NOT NULL,
        raised_by_user_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        status varchar(32) NOT NULL,
        current_level varchar(32),
        max_level varchar(32),
        unit_code varchar(32),
        first_escalated_at timestamptz,
        first_answer_at timestamptz,
        first_answer_level varchar(32),
        first_answer_calendar_ms bigint,
        first_answer_working_ms bigint,
        resolved_at timestamptz,
        resolution_calendar_ms bigint,
        resolution_working_ms bigint,
        closed_at timestamptz,
        close_reason varchar(32),
        policy_proposed_at timestamptz,
        policy_decision varchar(32),
        breach_count integer NOT NULL,
        auto_escalation_count integer NOT NULL,
        info_wait_working_ms bigint NOT NULL,
        last_sequence integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_cases_raised ON audit_cases (raised_at, case_id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_cases_province ON audit_cases (province_code, raised_at)`);
    await queryRunner.query(`CREATE INDEX ix_audit_cases_commune ON audit_cases (commune_code)`);
    await queryRunner.query(`CREATE INDEX ix_audit_cases_official ON audit_cases (raised_by_user_id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_cases_unit ON audit_cases (unit_code) WHERE unit_code IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX ix_audit_cases_open ON audit_cases (status, raised_at) WHERE status <> 'closed'`,
    );
    // Backlog drill-downs of one province: its open cases in raised order, without walking its closed ones.
    await queryRunner.query(
      `CREATE INDEX ix_audit_cases_open_province ON audit_cases (province_code, raised_at, case_id) WHERE status <> 'closed'`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_audit_cases_policy ON audit_cases (policy_decision) WHERE policy_proposed_at IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE audit_level_stints (
        case_id uuid NOT NULL REFERENCES audit_cases (case_id) ON DELETE CASCADE,
        stint_no integer NOT NULL,
        level varchar(32) NOT NULL,
        unit_code varchar(32),
        started_via varchar(16) NOT NULL,
        from_level varchar(32),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason varchar(32),
        policy_id text,
        allowance_ms bigint,
        calendar_id varchar(64) NOT NULL,
        initial_deadline_at timestamptz,
        deadline_at timestamptz,
        calendar_ms bigint,
        working_ms bigint,
        info_wait_calendar_ms bigint NOT NULL,
        info_wait_working_ms bigint NOT NULL,
        held_calendar_ms bigint,
        held_working_ms bigint,
        info_requests integer NOT NULL,
        waiting_since timestamptz,
        breached_at timestamptz,
        answered_at timestamptz,
        answered_on_time boolean,
        PRIMARY KEY (case_id, stint_no)
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_stints_level ON audit_level_stints (level, unit_code)`);
    await queryRunner.query(
      `CREATE INDEX ix_audit_stints_auto ON audit_level_stints (from_level, level) WHERE started_via = 'automatic'`,
    );

    await queryRunner.query(`
      CREATE TABLE guidance_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_kind varchar(16) NOT NULL CHECK (source_kind IN ('answer', 'lesson')),
        source_case_id uuid,
        source_event_sequence integer,
        source_reference text,
        question text NOT NULL,
        answer text NOT NULL,
        legal_basis text,
        field varchar(64),
        level varchar(32),
        published_by_user_id text NOT NULL,
        published_at timestamptz NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        retired_at timestamptz,
        retired_by_user_id text,
        retire_reason text,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by_user_id text,
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('vn_unaccent', question), 'A') ||
          setweight(to_tsvector('vn_unaccent', coalesce(legal_basis, '')), 'B') ||
          setweight(to_tsvector('vn_unaccent', answer), 'C')) STORED,
        question_folded text GENERATED ALWAYS AS (case_engine_fold(question)) STORED,
        UNIQUE (source_case_id, source_event_sequence)
      )`);
    await queryRunner.query(`CREATE INDEX ix_guidance_search ON guidance_entries USING gin (search_vector)`);
    await queryRunner.query(
      `CREATE INDEX ix_guidance_question_trgm ON guidance_entries USING gin (question_folded gin_trgm_ops)`,
    );
    await queryRunner.query(`CREATE INDEX ix_guidance_field ON guidance_entries (field, status)`);
    await queryRunner.query(`
      CREATE TABLE guidance_entry_versions (
        entry_id uuid NOT NULL REFERENCES guidance_entries (id) ON DELETE CASCADE,
        version integer NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        legal_basis text,
        field varchar(64),
        status varchar(16) NOT NULL,
        changed_by_user_id text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        change_note text,
        PRIMARY KEY (entry_id, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE guidance_entry_links (
        entry_id uuid NOT NULL REFERENCES guidance_entries (id) ON DELETE CASCADE,
        related_entry_id uuid NOT NULL REFERENCES guidance_entries (id) ON DELETE CASCADE,
        linked_by_user_id text NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entry_id, related_entry_id),
        CHECK (entry_id < related_entry_id)
      )`);

    // "Possible duplicate" links an official makes from a suggestion (the merge action covers "withdraw in favour").
    await queryRunner.query(`
      CREATE TABLE case_links (
        case_id uuid NOT NULL REFERENCES cases (id),
        related_case_id uuid NOT NULL REFERENCES cases (id),
        linked_by_user_id text NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, related_case_id),
        CHECK (case_id <> related_case_id)
      )`);
    // Similar open cases while raising: trigram search on the folded title and description.
    await queryRunner.query(
      `CREATE INDEX ix_cases_search_trgm ON cases USING gin (search_folded gin_trgm_ops) WHERE status <> 'closed'`,
    );
    // An official's suggestions look at the open cases of their provinces only: a few hundred rows to score.
    await queryRunner.query(`CREATE INDEX ix_cases_open_province ON cases (province_code) WHERE status <> 'closed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_cases_open_province`);
    await queryRunner.query(`DROP INDEX ix_cases_search_trgm`);
    await queryRunner.query(`DROP TABLE case_links`);
    await queryRunner.query(`DROP TABLE guidance_entry_links`);
    await queryRunner.query(`DROP TABLE guidance_entry_versions`);
    await queryRunner.query(`DROP TABLE guidance_entries`);
    await queryRunner.query(`DROP TABLE audit_level_stints`);
    await queryRunner.query(`DROP TABLE audit_cases`);
    await queryRunner.query(`DROP TABLE audit_projector_checkpoints`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION vn_unaccent`);
    await queryRunner.query(`DROP FUNCTION case_engine_fold(text)`);
  }
}
