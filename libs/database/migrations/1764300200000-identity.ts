import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity and dispatch data: user accounts with their roles and home unit, refresh tokens (stored hashed, rotated on
 * every use, revoked per family), failed-login counters shared by every API process, dispatch decisions
 * (e.g. 878/QĐ-BNV) and the deployments they order (official, home unit, province, period).
 */
export class Identity1764300200000 implements MigrationInterface {
  name = 'Identity1764300200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Usernames are stored lower-case so that login is case-insensitive and "An.Nguyen" cannot shadow "an.nguyen".
    // Other modules select recipients with `WHERE active AND $role = ANY(roles) [AND unit_code = $unit]`.
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$'),
        display_name text NOT NULL CHECK (btrim(display_name) <> ''),
        email text CHECK (email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+$'),
        roles text[] NOT NULL CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin']::text[]
        ),
        unit_code varchar(32) REFERENCES ministry_units (code),
        password_hash text,
        must_change_password boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        external_subject text CHECK (external_subject IS NULL OR external_subject <> ''),
        password_changed_at timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_unit_head_has_unit CHECK (NOT ('unit_head' = ANY (roles)) OR unit_code IS NOT NULL),
        CONSTRAINT users_can_sign_in CHECK (password_hash IS NOT NULL OR external_subject IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_users_username ON users (username)`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_users_external_subject ON users (external_subject)`);
    await queryRunner.query(`CREATE INDEX ix_users_roles ON users USING gin (roles)`);
    await queryRunner.query(`CREATE INDEX ix_users_unit_code ON users (unit_code)`);

    // One row per issued refresh token; a family is one login and all the tokens rotated from it. Only a SHA-256 of
    // the token is kept. An access token names its family (`sid`) and is refused once the family is revoked.
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        revoked_reason varchar(32) CHECK (
          revoked_reason IN ('logout', 'reuse_detected', 'password_changed', 'password_reset', 'user_deactivated')
        ),
        client_ip text,
        user_agent text,
        CHECK (expires_at > issued_at),
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_refresh_tokens_token_hash ON refresh_tokens (token_hash)`);
    await queryRunner.query(`CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id)`);
    await queryRunner.query(
      `CREATE INDEX ix_refresh_tokens_user_live ON refresh_tokens (user_id) WHERE revoked_at IS NULL AND rotated_at IS NULL`,
    );

    // Failed logins per (username, client address), in PostgreSQL so that every API process sees the same count.
    await queryRunner.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures > 0),
        window_started_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX ix_login_throttle_window_started_at ON login_throttle (window_started_at)`);

    await queryRunner.query(`
      CREATE TABLE dispatch_decisions (
        id uuid PRIMARY KEY,
        number text NOT NULL CHECK (number ~ '^[0-9]+/[^[:space:]/]+$'),
        signed_on date NOT NULL,
        signer_title text NOT NULL CHECK (btrim(signer_title) <> ''),
        period_start date NOT NULL,
        period_end date NOT NULL,
        purpose text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_start <= period_end)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX ux_dispatch_decisions_number ON dispatch_decisions (number)`);

    await queryRunner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES dispatch_decisions (id),
        user_id uuid NOT NULL REFERENCES users (id),
        home_unit_code varchar(32) NOT NULL REFERENCES ministry_units (code),
        province_code varchar(2) NOT NULL REFERENCES provinces (code),
        period_start date NOT NULL,
        period_end date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_start <= period_end)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ux_deployments_decision_user_province ON deployments (decision_id, user_id, province_code)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_deployments_user_period ON deployments (user_id, period_start, period_end)`,
    );
    await queryRunner.query(`CREATE INDEX ix_deployments_province_code ON deployments (province_code)`);

    // A deployment lies within its decision's period; neither side may be changed to break that.
    await queryRunner.query(`
      CREATE FUNCTION deployments_within_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        decision dispatch_decisions%ROWTYPE;
      BEGIN
        SELECT * INTO decision FROM dispatch_decisions WHERE id = NEW.decision_id;
        IF FOUND AND (NEW.period_start < decision.period_start OR NEW.period_end > decision.period_end) THEN
          RAISE EXCEPTION 'deployment period % – % lies outside decision % (% – %)',
            NEW.period_start, NEW.period_end, decision.number, decision.period_start, decision.period_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'deployments_within_decision';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER deployments_within_decision BEFORE INSERT OR UPDATE ON deployments
      FOR EACH ROW EXECUTE FUNCTION deployments_within_decision()`);
    await queryRunner.query(`
      CREATE FUNCTION dispatch_decisions_cover_deployments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM deployments d
          WHERE d.decision_id = NEW.id AND (d.period_start < NEW.period_start OR d.period_end > NEW.period_end)
        ) THEN
          RAISE EXCEPTION 'decision % would no longer cover all of its deployments', NEW.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'dispatch_decisions_cover_deployments';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER dispatch_decisions_cover_deployments BEFORE UPDATE OF period_start, period_end
      ON dispatch_decisions FOR EACH ROW EXECUTE FUNCTION dispatch_decisions_cover_deployments()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deployments`);
    await queryRunner.query(`DROP FUNCTION deployments_within_decision()`);
    await queryRunner.query(`DROP TABLE dispatch_decisions`);
    await queryRunner.query(`DROP FUNCTION dispatch_decisions_cover_deployments()`);
    await queryRunner.query(`DROP TABLE login_throttle`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
