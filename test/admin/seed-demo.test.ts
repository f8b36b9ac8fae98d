import type { Client as PgClient } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@libs/database';
import { addDays, vietnamDate } from '@libs/identity';
import { RESERVED_NAMES } from '../../apps/stack/src/demo-names';
import { DEMO_PASSWORD, formatDemoAccounts, seedDemo, type DemoAccount } from '../../apps/stack/src/seed-demo';
import { loginAs } from '../support/auth';
import { pgClient, startApi, testConfig, type RunningApi } from '../support/stack';

describe('demo seed', () => {
  let dataSource: DataSource;
  let db: PgClient;
  let api: RunningApi;
  let accounts: DemoAccount[];

  const footprint = async () =>
    (
      await db.query(`SELECT (SELECT count(*)::int FROM users) AS users,
                             (SELECT count(*)::int FROM deployments) AS deployments,
                             (SELECT count(*)::int FROM dispatch_decisions) AS decisions,
                             (SELECT md5(string_agg(d::text, '|' ORDER BY d.id)) FROM deployments d) AS digest`)
    ).rows[0];

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    [, db, api] = await Promise.all([dataSource.initialize(), pgClient(), startApi(testConfig())]);
    accounts = await seedDemo(dataSource);
  });

  afterAll(async () => {
    await Promise.all([dataSource?.destroy(), db?.end(), api?.close()]);
  });

  it('creates decision 878/QĐ-BNV with one invented official per province', async () => {
    const decision = await db.query(
      `SELECT signed_on::text, signer_title, period_start::text, period_end::text FROM dispatch_decisions WHERE number = '878/QĐ-BNV'`,
    );
    expect(decision.rows).toEqual([
      {
        signed_on: '2025-08-11',
        signer_title: 'Bộ trưởng Bộ Nội vụ',
        period_start: '2025-08-20',
        period_end: '2025-10-20',
      },
    ]);
    const deployed = await db.query(
      `SELECT d.province_code, u.display_name, u.roles FROM deployments d
       JOIN dispatch_decisions dd ON dd.id = d.decision_id JOIN users u ON u.id = d.user_id
       WHERE dd.number = '878/QĐ-BNV'`,
    );
    expect(deployed.rowCount).toBe(34);
    expect(new Set(deployed.rows.map((row) => row.province_code)).size).toBe(34);
    expect(deployed.rows.every((row) => row.roles.includes('official'))).toBe(true);
    const names = accounts.map((account) => account.displayName);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => RESERVED_NAMES.has(name))).toEqual([]);
    expect(names.every((name) => /^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u.test(name))).toBe(true);
  });

  it('has a current decision covering today, and an account for every role with the known password', async () => {
    const today = vietnamDate();
    const current = await db.query(
      `SELECT period_start::text, period_end::text FROM dispatch_decisions WHERE number = '1234/QĐ-BNV'`,
    );
    expect(current.rows[0].period_start <= addDays(today, -30)).toBe(true);
    expect(current.rows[0].period_end >= addDays(today, 30)).toBe(true);
    for (const role of ['official', 'unit_head', 'working_group', 'leadership', 'personnel', 'admin']) {
      expect(accounts.some((account) => account.roles.includes(role as never))).toBe(true);
    }
    expect(accounts.every((account) => account.password === DEMO_PASSWORD)).toBe(true);
    expect(accounts.filter((account) => account.roles.includes('unit_head')).length).toBeGreaterThanOrEqual(3);

    const official = accounts.find((account) => account.username === 'official')!;
    expect(official.provinceCodes).toEqual(['01']);
    const session = await loginAs(api.url, 'official', DEMO_PASSWORD);
    const profile = await request(api.url).get('/api/auth/me').set(session.authHeader).expect(200);
    expect(profile.body.provinceCodes).toEqual(['01']);
    expect(profile.body.deployments[0].decisionNumber).toBe('1234/QĐ-BNV');
    const admin = await loginAs(api.url, 'admin', DEMO_PASSWORD);
    await request(api.url).get('/api/users').set(admin.authHeader).expect(200);
    expect(formatDemoAccounts(accounts)[0]).toContain(DEMO_PASSWORD);
  });

  it('is idempotent and creates no cases', async () => {
    const before = await footprint();
    const again = await seedDemo(dataSource);
    expect(again).toEqual(accounts);
    expect(await footprint()).toEqual(before);
    const cases = await db.query(
      `SELECT count(*)::int AS n FROM cases WHERE raised_by_user_id IN (SELECT id::text FROM users WHERE username = ANY($1))`,
      [accounts.map((account) => account.username)],
    );
    expect(cases.rows[0].n).toBe(0);
  });

  it('moves the current decision when it no longer covers the day it runs', async () => {
    const later = new Date(Date.now() + 100 * 86_400_000);
    await seedDemo(dataSource, { now: later });
    const moved = await db.query(
      `SELECT dd.period_start::text AS decision_start, d.period_start::text AS deployment_start
       FROM dispatch_decisions dd JOIN deployments d ON d.decision_id = dd.id WHERE dd.number = '1234/QĐ-BNV'`,
    );
    expect(moved.rows.length).toBeGreaterThanOrEqual(3);
    for (const row of moved.rows) {
      expect(row.decision_start).toBe(addDays(vietnamDate(later), -60));
      expect(row.deployment_start).toBe(row.decision_start);
    }
    await seedDemo(dataSource);
  });

  it('refuses to run in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedDemo(dataSource)).rejects.toThrow(/production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
