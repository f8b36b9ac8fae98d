import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data: provinces and communes (post-1-July-2025 list), their pre-merger names, the Ministry's units and
 * fields with escalation routing, and an audit row per import run. Searching uses a folded (no diacritics, lower
 * case) copy of each name with btree `text_pattern_ops` indexes for prefix LIKE; the tables are small enough
 * (3,321 communes, ~11,000 former names) that a contains-LIKE scan is fast, so no extension (pg_trgm, unaccent)
 * is required.
 */
export class ReferenceData1764300100000 implements MigrationInterface {
  name = 'ReferenceData1764300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE provinces (
        code varchar(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
        name text NOT NULL CHECK (name <> ''),
        short_name text NOT NULL,
        place_type varchar(32) NOT NULL CHECK (place_type IN ('Thành phố Trung Ương', 'Tỉnh')),
        name_folded text NOT NULL,
        valid_from date,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ix_provinces_name_folded ON provinces (name_folded text_pattern_ops)`);

    // Rows are never deleted (cases point at codes), hence retired_at and replaced_by_code instead.
    await queryRunner.query(`
      CREATE TABLE communes (
        code varchar(5) PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
        province_code varchar(2) NOT NULL REFERENCES provinces (code),
        name text NOT NULL CHECK (name <> ''),
        unit_type varchar(16) NOT NULL CHECK (unit_type IN ('xa', 'phuong', 'dac_khu')),
        name_folded text NOT NULL,
        valid_from date,
        retired_at timestamptz,
        replaced_by_code varchar(5) REFERENCES communes (code),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (replaced_by_code IS NULL OR (retired_at IS NOT NULL AND replaced_by_code <> code))
      )`);
    await queryRunner.query(`CREATE INDEX ix_communes_province_code ON communes (province_code)`);
    await queryRunner.query(`CREATE INDEX ix_communes_name_folded ON communes (name_folded text_pattern_ops)`);

    await queryRunner.query(`
      CREATE TABLE commune_former_names (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        old_ward_code varchar(5) CHECK (old_ward_code ~ '^[0-9]{5}$'),
        old_ward_name text NOT NULL CHECK (old_ward_name <> ''),
        old_district_name text NOT NULL,
        old_province_name text NOT NULL,
        new_commune_code varchar(5) NOT NULL REFERENCES communes (code),
        name_folded text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX ux_commune_former_names_natural_key
        ON commune_former_names (old_province_name, old_district_name, old_ward_name, new_commune_code)`);
    await queryRunner.query(
      `CREATE INDEX ix_commune_former_names_new_commune_code ON commune_former_names (new_commune_code)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_commune_former_names_name_folded ON commune_former_names (name_folded text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_commune_former_names_old_ward_code ON commune_former_names (old_ward_code)`,
    );

    await queryRunner.query(`
      CREATE TABLE ministry_units (
        code varchar(32) PRIMARY KEY,
        name_vi text NOT NULL CHECK (name_vi <> ''),
        name_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // responsible_unit_code is the escalation routing: seeded once, then owned by admins.
    await queryRunner.query(`
      CREATE TABLE ministry_fields (
        code varchar(64) PRIMARY KEY,
        name_vi text NOT NULL CHECK (name_vi <> ''),
        name_en text NOT NULL,
        responsible_unit_code varchar(32) NOT NULL REFERENCES ministry_units (code),
        routing_changed_at timestamptz,
        routing_changed_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_ministry_fields_responsible_unit_code ON ministry_fields (responsible_unit_code)`,
    );

    await queryRunner.query(`
      CREATE TABLE reference_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source text NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('succeeded', 'failed')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        retired integer NOT NULL DEFAULT 0,
        details jsonb NOT NULL,
        error text
      )`);
    await queryRunner.query(`CREATE INDEX ix_reference_imports_started_at ON reference_imports (started_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reference_imports`);
    await queryRunner.query(`DROP TABLE ministry_fields`);
    await queryRunner.query(`DROP TABLE ministry_units`);
    await queryRunner.query(`DROP TABLE commune_former_names`);
    await queryRunner.query(`DROP TABLE communes`);
    await queryRunner.query(`DROP TABLE provinces`);
  }
}
