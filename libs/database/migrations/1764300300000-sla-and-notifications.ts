import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answer targets and working calendars as data (DOMAIN.md §5), and notifications.
 *
 * - `working_calendars` holds the rules of a calendar as JSON (the `WorkingCalendarConfig` of libs/domain without
 *   its id and overrides); `calendar_overrides` is the yearly table admins edit (extra days off, make-up Saturdays,
 *   the exact Tết days), one row per calendar and date.
 * - `sla_policies` are grouped in named sets (`default` in production, `fast-test` for tests and demos). At most one
 *   active policy per set and scope (field, priority, level; null = any), so resolution is never ambiguous.
 * - `notifications` is keyed naturally by (case, event sequence, kind, recipient) so a retried activity writes
 *   nothing twice; `webhook_deliveries` remembers what the outgoing webhook already accepted. No foreign key to
 *   `users` or `cases`: those tables are written by other activities and migrations, and a notification must be
 *   writable whatever order they land in.
 *
 * The seeded values are literals, not imports: a migration must do the same thing forever.
 */
export class SlaAndNotifications1764300300000 implements MigrationInterface {
  name = 'SlaAndNotifications1764300300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE working_calendars (
        id varchar(64) PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]*$'),
        name_vi text NOT NULL CHECK (name_vi <> ''),
        name_en text NOT NULL,
        config jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object' AND NOT config ? 'overrides' AND NOT config ? 'id'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE calendar_overrides (
        calendar_id varchar(64) NOT NULL REFERENCES working_calendars (id) ON DELETE CASCADE,
        date date NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('day_off', 'working_day')),
        note_vi text,
        note_en text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (calendar_id, date)
      )`);

    await queryRunner.query(`
      CREATE TABLE sla_policies (
        id varchar(100) PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]*$'),
        policy_set varchar(64) NOT NULL CHECK (policy_set ~ '^[a-z0-9][a-z0-9._-]*$'),
        field varchar(64),
        priority varchar(16) CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
        level varchar(32) CHECK (level IN ('unit_head', 'working_group', 'leadership')),
        allowance_seconds integer NOT NULL CHECK (allowance_seconds > 0),
        reminder_fractions numeric[] NOT NULL DEFAULT '{0.5,0.9}' CHECK (
          array_position(reminder_fractions, NULL) IS NULL
          AND 0 < ALL (reminder_fractions) AND 1 > ALL (reminder_fractions)),
        renotify_seconds integer NOT NULL DEFAULT 28800 CHECK (renotify_seconds > 0),
        calendar_id varchar(64) NOT NULL REFERENCES working_calendars (id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    // One active policy per scope: two would make "the most specific policy" ambiguous.
    await queryRunner.query(`
      CREATE UNIQUE INDEX ux_sla_policies_active_scope
        ON sla_policies (policy_set, coalesce(field, ''), coalesce(priority, ''), coalesce(level, ''))
        WHERE active`);
    await queryRunner.query(`CREATE INDEX ix_sla_policies_calendar_id ON sla_policies (calendar_id)`);

    await queryRunner.query(`
      INSERT INTO working_calendars (id, name_vi, name_en, config) VALUES
        ('vn-civil-service',
         'Lịch làm việc của cơ quan hành chính nhà nước',
         'Civil service working calendar (Viet Nam)',
         '{"utcOffsetMinutes": 420, "workingWeekdays": [1, 2, 3, 4, 5],
           "workingPeriods": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
           "publicHolidays": true}'),
        ('always-working',
         'Lịch luôn làm việc (dùng cho kiểm thử, trình diễn)',
         'Always-working calendar (tests and demos)',
         '{"utcOffsetMinutes": 420, "workingWeekdays": [1, 2, 3, 4, 5, 6, 7],
           "workingPeriods": [{"start": "00:00", "end": "24:00"}], "publicHolidays": false, "alwaysWorking": true}')`);

    // DOMAIN.md §5: urgent 1 working day, high 2, normal 3, low 5, at every level; reminders at 50% and 90%;
    // an overdue top level is re-notified every working day (8 working hours).
    await queryRunner.query(`
      INSERT INTO sla_policies
        (id, policy_set, field, priority, level, allowance_seconds, reminder_fractions, renotify_seconds,
         calendar_id, updated_by)
      VALUES
        ('default.urgent', 'default', NULL, 'urgent', NULL, 28800, '{0.5,0.9}', 28800, 'vn-civil-service', 'migration'),
        ('default.high', 'default', NULL, 'high', NULL, 57600, '{0.5,0.9}', 28800, 'vn-civil-service', 'migration'),
        ('default.normal', 'default', NULL, 'normal', NULL, 86400, '{0.5,0.9}', 28800, 'vn-civil-service', 'migration'),
        ('default.low', 'default', NULL, 'low', NULL, 144000, '{0.5,0.9}', 28800, 'vn-civil-service', 'migration'),
        ('fast-test.urgent', 'fast-test', NULL, 'urgent', NULL, 4, '{0.5,0.9}', 3, 'always-working', 'migration'),
        ('fast-test.high', 'fast-test', NULL, 'high', NULL, 6, '{0.5,0.9}', 3, 'always-working', 'migration'),
        ('fast-test.normal', 'fast-test', NULL, 'normal', NULL, 8, '{0.5,0.9}', 3, 'always-working', 'migration'),
        ('fast-test.low', 'fast-test', NULL, 'low', NULL, 10, '{0.5,0.9}', 3, 'always-working', 'migration')`);

    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_user_id uuid NOT NULL,
        case_id uuid NOT NULL,
        event_sequence integer NOT NULL CHECK (event_sequence > 0),
        kind varchar(64) NOT NULL CHECK (kind <> ''),
        title_vi text NOT NULL,
        title_en text NOT NULL,
        body_vi text NOT NULL,
        body_en text NOT NULL,
        link text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX ux_notifications_event_kind_recipient
        ON notifications (case_id, event_sequence, kind, recipient_user_id)`);
    // The inbox: a person's notifications newest first (keyset pagination), and the unread count.
    await queryRunner.query(
      `CREATE INDEX ix_notifications_inbox ON notifications (recipient_user_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_notifications_unread ON notifications (recipient_user_id, created_at DESC, id DESC)
         WHERE read_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        notification_id uuid PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_status integer,
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_webhook_deliveries_undelivered ON webhook_deliveries (last_attempt_at) WHERE delivered_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP TABLE sla_policies`);
    await queryRunner.query(`DROP TABLE calendar_overrides`);
    await queryRunner.query(`DROP TABLE working_calendars`);
  }
}
