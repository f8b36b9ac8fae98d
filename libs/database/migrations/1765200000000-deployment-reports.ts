import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployments that run (one Temporal workflow each) and their reports (DOMAIN.md §6).
 *
 * - `dispatch_decisions.report_schedule`: the decision's reporting cycle (libs/domain/reports ReportSchedule);
 *   NULL means the default weekly rule (cut-off Thursday 24:00, draft Friday 07:00, due Friday 16:00).
 * - `deployment_runs`: the plan the deployment's workflow is following (span, cycles, final report).
 * - `deployment_events`: the deployment's history; `event_key` is the natural key that makes activity retries
 *   harmless (e.g. `cycle:3:late`, `period:<update id>`).
 * - `reports`: one row per weekly cycle and one final report per deployment, with the deadlines in force, the
 *   draft figures computed from the case event log, the narrative being written, and the late/missing marks.
 * - `report_versions`: every submitted version; a trigger keeps the submitted content immutable (only the review
 *   by personnel may be filled in, once).
 * - `report_numbers`: the "Số: NN/BC-<unit>" sequence per issuing unit and year.
 * - `support_requests`: kiến nghị các biện pháp hỗ trợ, from an official to the Minister through personnel.
 */
export class DeploymentReports1765200000000 implements MigrationInterface {
  name = 'DeploymentReports1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE dispatch_decisions ADD COLUMN report_schedule jsonb`);
    await queryRunner.query(`
      CREATE TABLE deployment_runs (
        deployment_id uuid PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        schedule jsonb NOT NULL,
        plan jsonb NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'completed')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE deployment_events (
        id bigserial PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        event_key text NOT NULL,
        type varchar(48) NOT NULL,
        actor_user_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT ux_deployment_events_key UNIQUE (deployment_id, event_key)
      )`);
    await queryRunner.query(`CREATE INDEX ix_deployment_events_deployment ON deployment_events (deployment_id, id)`);
    await queryRunner.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        kind varchar(8) NOT NULL CHECK (kind IN ('weekly', 'final')),
        cycle_index integer NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        draft_ready_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        missing_at timestamptz,
        cancelled_at timestamptz,
        figures jsonb,
        figures_computed_at timestamptz,
        narrative jsonb NOT NULL DEFAULT '{}'::jsonb,
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'draft', 'submitted', 'acknowledged', 'returned')),
        current_version integer NOT NULL DEFAULT 0,
        first_submitted_at timestamptz,
        late_marked_at timestamptz,
        missing_marked_at timestamptz,
        reminders_sent integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_reports_deployment_kind_cycle UNIQUE (deployment_id, kind, cycle_index)
      )`);
    await queryRunner.query(`CREATE INDEX ix_reports_due_at ON reports (due_at)`);
    await queryRunner.query(`
      CREATE TABLE report_versions (
        report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        document_number text NOT NULL,
        narrative jsonb NOT NULL,
        figures jsonb NOT NULL,
        submitted_by uuid NOT NULL REFERENCES users (id),
        submitted_at timestamptz NOT NULL,
        correction_reason text,
        review_outcome varchar(16) CHECK (review_outcome IN ('acknowledged', 'returned')),
        review_comment text,
        reviewed_by uuid REFERENCES users (id),
        reviewed_at timestamptz,
        PRIMARY KEY (report_id, version)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION report_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'a submitted report version cannot be deleted' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.document_number IS DISTINCT FROM OLD.document_number OR NEW.narrative IS DISTINCT FROM OLD.narrative
           OR NEW.figures IS DISTINCT FROM OLD.figures OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by
           OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
           OR NEW.correction_reason IS DISTINCT FROM OLD.correction_reason
           OR OLD.review_outcome IS NOT NULL THEN
          RAISE EXCEPTION 'a submitted report version is immutable' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_report_versions_immutable BEFORE UPDATE OR DELETE ON report_versions
      FOR EACH ROW EXECUTE FUNCTION report_versions_immutable()`);
    await queryRunner.query(`
      CREATE TABLE report_numbers (
        unit_code varchar(32) NOT NULL,
        year integer NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (unit_code, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE support_requests (
        id uuid PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES users (id),
        title text NOT NULL,
        body text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'submitted'
          CHECK (status IN ('submitted', 'acknowledged', 'forwarded', 'answered')),
        acknowledged_by uuid REFERENCES users (id),
        acknowledged_at timestamptz,
        forwarded_by uuid REFERENCES users (id),
        forwarded_at timestamptz,
        forward_note text,
        answer text,
        answered_by uuid REFERENCES users (id),
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_support_requests_deployment ON support_requests (deployment_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE support_requests`);
    await queryRunner.query(`DROP TABLE report_numbers`);
    await queryRunner.query(`DROP TABLE report_versions`);
    await queryRunner.query(`DROP FUNCTION report_versions_immutable`);
    await queryRunner.query(`DROP TABLE reports`);
    await queryRunner.query(`DROP TABLE deployment_events`);
    await queryRunner.query(`DROP TABLE deployment_runs`);
    await queryRunner.query(`ALTER TABLE dispatch_decisions DROP COLUMN report_schedule`);
  }
}
