import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildAuditRollups } from '../../audit/audit-rollups';

/**
 * `audit_rollups`: the rollup read model of the audit figures (libs/audit/audit-rollups.ts has the grain and the
 * bucket scheme). Derived data like `audit_cases`; built here from the per-case read models already present, then
 * kept by the projector and rebuilt by `npm run audit:rebuild`.
 */
export class AuditRollups1766400000000 implements MigrationInterface {
  name = 'AuditRollups1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Bucket 0: 0 ms (or less); bucket b ≥ 1: [1.02^(b−1), 1.02^b) ms; −1: no value.
    await queryRunner.query(`
      CREATE FUNCTION audit_duration_bucket(value bigint) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN value IS NULL THEN -1 WHEN value <= 0 THEN 0
                        ELSE 1 + floor(ln(value::float8) / ln(1.02::float8))::integer END $$`);
    // Histograms are jsonb {bucket: count}; the aggregate counts buckets (weight −1 subtracts), `…_add` merges two
    // and drops buckets that reach zero.
    await queryRunner.query(`
      CREATE FUNCTION audit_histogram_step(state jsonb, bucket integer, weight integer) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN bucket IS NULL OR bucket < 0 THEN state
                        ELSE state || jsonb_build_object(bucket::text, coalesce((state ->> bucket::text)::integer, 0) + weight)
                   END $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_histogram_add(a jsonb, b jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(jsonb_object_agg(k, total), '{}'::jsonb)
              FROM (SELECT k, sum(v) AS total
                      FROM (SELECT key AS k, value::text::integer AS v FROM jsonb_each(coalesce(a, '{}'::jsonb))
                            UNION ALL
                            SELECT key, value::text::integer FROM jsonb_each(coalesce(b, '{}'::jsonb))) x
                     GROUP BY k HAVING sum(v) <> 0) y $$`);
    await queryRunner.query(`
      CREATE AGGREGATE audit_histogram(integer, integer) (
        SFUNC = audit_histogram_step, STYPE = jsonb, INITCOND = '{}', COMBINEFUNC = audit_histogram_add,
        PARALLEL = SAFE
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_rollups (
        figure varchar(32) NOT NULL,
        month date NOT NULL,
        province_code varchar(8) NOT NULL,
        field varchar(64) NOT NULL,
        priority varchar(16) NOT NULL,
        unit_code varchar(64) NOT NULL,
        level varchar(32) NOT NULL,
        key varchar(200) NOT NULL,
        n integer NOT NULL,
        on_time integer NOT NULL DEFAULT 0,
        working jsonb NOT NULL DEFAULT '{}'::jsonb,
        calendar jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (figure, province_code, field, priority, unit_code, month, level, key)
      )`);
    await queryRunner.query(`CREATE INDEX ix_audit_rollups_empty ON audit_rollups (figure) WHERE n = 0`);
    await rebuildAuditRollups(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_rollups`);
    await queryRunner.query(`DROP AGGREGATE audit_histogram(integer, integer)`);
    await queryRunner.query(`DROP FUNCTION audit_histogram_add(jsonb, jsonb)`);
    await queryRunner.query(`DROP FUNCTION audit_histogram_step(jsonb, integer, integer)`);
    await queryRunner.query(`DROP FUNCTION audit_duration_bucket(bigint)`);
  }
}
