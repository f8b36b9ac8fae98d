import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource, runMigrations } from '@libs/database';
import { MINISTRY_UNITS, type Role } from '@libs/domain';
import {
  addDays,
  ensureDecision,
  hashPassword,
  insertUser,
  upsertDeployment,
  vietnamDate,
  type DecisionInput,
} from '@libs/identity';
import { ReferenceImporter } from '@libs/reference/import/reference-importer';
import { inventedNames } from './demo-names';
import { ensureFastPolicySet } from './policy-sets';

/** The password of every demo account. Demo data only: the seed refuses to run in production. */
export const DEMO_PASSWORD = 'Demo@BNV2025';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
  /** Provinces of the account's deployments covering the day of seeding. */
  provinceCodes: string[];
  /** What the account is for, e.g. "Công chức tăng cường 1234/QĐ-BNV — Thành phố Hà Nội". */
  description: string;
}

export const DECISION_878: DecisionInput = {
  number: '878/QĐ-BNV',
  signedOn: '2025-08-11',
  signerTitle: 'Bộ trưởng Bộ Nội vụ',
  periodStart: '2025-08-20',
  periodEnd: '2025-10-20',
  purpose:
    'Cử công chức tăng cường về các tỉnh, thành phố để nắm tình hình, hướng dẫn, hỗ trợ chính quyền cấp xã tháo gỡ ' +
    'khó khăn, vướng mắc trong vận hành mô hình chính quyền địa phương hai cấp.',
};

/** A second, invented decision whose period always covers the day of seeding, so the demo has live deadlines. */
export const CURRENT_DEMO_DECISION_NUMBER = '1234/QĐ-BNV';
const CURRENT_DECISION_HALF_SPAN_DAYS = 60;
/** The current decision is moved when fewer than this many days of it remain before or after today. */
const CURRENT_DECISION_MARGIN_DAYS = 30;

const CURRENT_OFFICIALS = [
  { username: 'official', provinceCode: '01', unitCode: 'CCVC' },
  { username: 'official.hcm', provinceCode: '79', unitCode: 'CQDP' },
  { username: 'official.danang', provinceCode: '48', unitCode: 'TCBC' },
  { username: 'official.angiang', provinceCode: '91', unitCode: 'PC' },
] as const;
const UNIT_HEADS = ['CCVC', 'CQDP', 'TCBC', 'TLBHXH'] as const;
const ROLE_ACCOUNTS: { username: string; roles: Role[]; unitCode: string | null; description: string }[] = [
  {
    username: 'workinggroup',
    roles: ['working_group'],
    unitCode: 'TCBC',
    description: 'Thành viên Tổ công tác của Bộ',
  },
  { username: 'leadership', roles: ['leadership'], unitCode: null, description: 'Lãnh đạo Bộ' },
  { username: 'personnel', roles: ['personnel'], unitCode: 'TCCB', description: 'Vụ Tổ chức cán bộ' },
  { username: 'admin', roles: ['admin'], unitCode: null, description: 'Quản trị hệ thống' },
];

interface PlannedAccount extends DemoAccount {
  deployments: { decision: 'd878' | 'current'; provinceCode: string; homeUnitCode: string }[];
}

/**
 * Demo data for `npm run up` and manual testing, never for production (refuses when NODE_ENV=production):
 * decision 878/QĐ-BNV with 34 invented officials, one per province; a current decision (1234/QĐ-BNV, today ± 2
 * months) with four officials; unit heads of four units; one account each for the Working Group, leadership,
 * personnel and admin. Every account's password is DEMO_PASSWORD. Idempotent: existing accounts are left as they
 * are (a changed password stays changed), and a re-run on the same day writes nothing. Loads the reference data
 * (provinces, Ministry units) first if it is missing. Creates no cases.
 */
export async function seedDemo(dataSource: DataSource, options: { now?: Date } = {}): Promise<DemoAccount[]> {
  // Demos may run cases under `fast-test` (SLA_POLICY_SET=fast-test): second-long deadlines on every day.
  await ensureFastPolicySet(dataSource);
  refuseInProduction();
  const today = vietnamDate(options.now ?? new Date());
  await ensureReferenceData(dataSource);
  const provinces: { code: string; name: string }[] = await dataSource.query(
    `SELECT code, name FROM provinces WHERE retired_at IS NULL ORDER BY code`,
  );
  const provinceName = new Map(provinces.map((province) => [province.code, province.name]));
  const plan = planAccounts(provinces);

  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('demo-seed'))`);
    const decision878 = await ensureDecision(manager, DECISION_878);
    const current = await ensureCurrentDecision(manager, today);
    const existing = new Map<string, string>(
      (
        await manager.query<{ username: string; id: string }[]>(
          `SELECT username, id FROM users WHERE username = ANY($1::text[])`,
          [plan.map((account) => account.username)],
        )
      ).map((row) => [row.username, row.id]),
    );
    const passwordHash = plan.some((account) => !existing.has(account.username))
      ? await hashPassword(DEMO_PASSWORD)
      : null;
    for (const account of plan) {
      const userId =
        existing.get(account.username) ??
        (await insertUser(manager, {
          username: account.username,
          displayName: account.displayName,
          roles: account.roles,
          unitCode: account.unitCode,
          passwordHash,
        }));
      for (const deployment of account.deployments) {
        const decision = deployment.decision === 'd878' ? decision878 : current;
        const period = deployment.decision === 'd878' ? DECISION_878 : current;
        await upsertDeployment(manager, {
          decisionId: decision.id,
          userId,
          homeUnitCode: deployment.homeUnitCode,
          provinceCode: deployment.provinceCode,
          periodStart: period.periodStart,
          periodEnd: period.periodEnd,
        });
      }
    }
  });

  return plan.map(({ deployments, ...account }) => ({
    ...account,
    provinceCodes: deployments.filter((d) => d.decision === 'current').map((d) => d.provinceCode),
    description: describe(account, deployments, provinceName),
  }));
}

function planAccounts(provinces: { code: string; name: string }[]): PlannedAccount[] {
  const names = inventedNames(provinces.length + CURRENT_OFFICIALS.length + UNIT_HEADS.length + ROLE_ACCOUNTS.length);
  const nextName = (): string => names.shift()!;
  const unitCodes = MINISTRY_UNITS.map((unit) => unit.code);
  const known = new Set(provinces.map((province) => province.code));
  const account = (
    username: string,
    roles: Role[],
    unitCode: string | null,
    deployments: PlannedAccount['deployments'] = [],
  ): PlannedAccount => ({
    username,
    password: DEMO_PASSWORD,
    displayName: nextName(),
    roles,
    unitCode,
    provinceCodes: [],
    description: '',
    deployments,
  });
  const plan: PlannedAccount[] = provinces.map((province, index) => {
    const homeUnitCode = unitCodes[index % unitCodes.length];
    return account(`ct878.${province.code}`, ['official'], homeUnitCode, [
      { decision: 'd878', provinceCode: province.code, homeUnitCode },
    ]);
  });
  CURRENT_OFFICIALS.forEach((official, index) => {
    // Fall back to the n-th province should a code ever change.
    const provinceCode = known.has(official.provinceCode) ? official.provinceCode : provinces[index].code;
    plan.push(
      account(official.username, ['official'], official.unitCode, [
        { decision: 'current', provinceCode, homeUnitCode: official.unitCode },
      ]),
    );
  });
  for (const unitCode of UNIT_HEADS) plan.push(account(`unithead.${unitCode.toLowerCase()}`, ['unit_head'], unitCode));
  for (const role of ROLE_ACCOUNTS) plan.push(account(role.username, role.roles, role.unitCode));
  return plan;
}

function describe(
  account: Omit<PlannedAccount, 'deployments'>,
  deployments: PlannedAccount['deployments'],
  provinceName: Map<string, string>,
): string {
  const deployment = deployments[0];
  if (deployment) {
    const decision = deployment.decision === 'd878' ? DECISION_878.number : CURRENT_DEMO_DECISION_NUMBER;
    return `Công chức tăng cường ${decision} — ${provinceName.get(deployment.provinceCode) ?? deployment.provinceCode}`;
  }
  if (account.roles.includes('unit_head')) {
    const unit = MINISTRY_UNITS.find((candidate) => candidate.code === account.unitCode);
    return `Thủ trưởng đơn vị — ${unit?.nameVi ?? account.unitCode}`;
  }
  return ROLE_ACCOUNTS.find((role) => role.username === account.username)?.description ?? account.roles.join(', ');
}

/** The current demo decision, created or moved so that its period keeps a margin around today. */
async function ensureCurrentDecision(
  manager: EntityManager,
  today: string,
): Promise<{ id: string; periodStart: string; periodEnd: string }> {
  const periodStart = addDays(today, -CURRENT_DECISION_HALF_SPAN_DAYS);
  const periodEnd = addDays(today, CURRENT_DECISION_HALF_SPAN_DAYS);
  const { id } = await ensureDecision(manager, {
    number: CURRENT_DEMO_DECISION_NUMBER,
    signedOn: addDays(periodStart, -7),
    signerTitle: 'Bộ trưởng Bộ Nội vụ',
    periodStart,
    periodEnd,
    purpose: 'Quyết định giả định cho dữ liệu trình diễn: đợt tăng cường đang diễn ra.',
  });
  const [row] = await manager.query<{ period_start: string; period_end: string }[]>(
    `SELECT period_start::text AS period_start, period_end::text AS period_end FROM dispatch_decisions WHERE id = $1`,
    [id],
  );
  const marginStart = addDays(today, -CURRENT_DECISION_MARGIN_DAYS);
  const marginEnd = addDays(today, CURRENT_DECISION_MARGIN_DAYS);
  if (row.period_start <= marginStart && marginEnd <= row.period_end) {
    return { id, periodStart: row.period_start, periodEnd: row.period_end };
  }
  // Widen, move the deployments, then narrow: the triggers keep every deployment inside its decision throughout.
  await manager.query(
    `UPDATE dispatch_decisions SET period_start = LEAST(period_start, $2::date), period_end = GREATEST(period_end, $3::date)
     WHERE id = $1`,
    [id, periodStart, periodEnd],
  );
  await manager.query(
    `UPDATE deployments SET period_start = $2, period_end = $3, updated_at = now() WHERE decision_id = $1`,
    [id, periodStart, periodEnd],
  );
  await manager.query(
    `UPDATE dispatch_decisions SET period_start = $2, period_end = $3, signed_on = $4, updated_at = now()
     WHERE id = $1`,
    [id, periodStart, periodEnd, addDays(periodStart, -7)],
  );
  return { id, periodStart, periodEnd };
}

async function ensureReferenceData(dataSource: DataSource): Promise<void> {
  const [counts] = await dataSource.query<{ provinces: number; units: number }[]>(
    `SELECT (SELECT count(*)::int FROM provinces WHERE retired_at IS NULL) AS provinces,
            (SELECT count(*)::int FROM ministry_units WHERE code = ANY($1::text[])) AS units`,
    [MINISTRY_UNITS.map((unit) => unit.code)],
  );
  if (counts.provinces === 0 || counts.units < MINISTRY_UNITS.length) {
    await new ReferenceImporter(dataSource).importFromPackage();
  }
}

function refuseInProduction(): void {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The demo seed refuses to run with NODE_ENV=production: demo accounts have a published password');
  }
}

/** Prints the accounts as an aligned table (the up command and the script below). */
export function formatDemoAccounts(accounts: DemoAccount[]): string[] {
  const rows = accounts.map((account) => [
    account.username,
    account.roles.join(','),
    account.displayName,
    account.description,
  ]);
  const width = (column: number) => Math.max(...rows.map((row) => row[column].length));
  return [
    `Tài khoản trình diễn / Demo accounts (mật khẩu / password: ${DEMO_PASSWORD})`,
    ...rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(width(column))).join('  ')}`.trimEnd()),
  ];
}

/** `node dist/apps/stack/src/seed-demo.js` with DATABASE_URL: migrates, seeds, prints the accounts. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/case_engine)');
  refuseInProduction();
  await runMigrations(url);
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'case-engine-seed-demo' });
  await dataSource.initialize();
  try {
    formatDemoAccounts(await seedDemo(dataSource)).forEach((line) => console.log(line));
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
