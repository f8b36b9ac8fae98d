import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DatabaseService } from '@libs/database';
import {
  ensureDecision,
  generateOneTimePassword,
  hashPassword,
  insertUser,
  normalizeUsername,
  parseCivilDate,
  uniqueViolationOf,
  upsertDeployment,
  vietnamDate,
} from '@libs/identity';
import { startDeploymentWorkflows } from '@libs/reporting/deployment-runs';
import { ApiError } from '../common/api-error';
import { TemporalClientService } from '../temporal/temporal-client.service';
import { fieldProblem, validationFailed, type FieldProblem } from '../common/field-errors';
import { csvIssueField, parseDeploymentCsv, type DeploymentCsvIssue, type DeploymentCsvRow } from './deployment-csv';
import type {
  CreateDecisionDto,
  CreateDeploymentDto,
  ImportDeploymentsDto,
  ListDeploymentsQuery,
} from './dto/deployment.dto';
import type { CreatedOfficialView, DecisionView, DeploymentImportView, DeploymentView } from './dto/deployment.view';

interface DecisionRow {
  id: string;
  number: string;
  signed_on: string;
  signer_title: string;
  period_start: string;
  period_end: string;
  purpose: string;
  deployment_count: number;
}

interface DeploymentRow {
  id: string;
  decision_id: string;
  decision_number: string;
  user_id: string;
  username: string;
  display_name: string;
  home_unit_code: string;
  home_unit_name: string;
  province_code: string;
  province_name: string;
  period_start: string;
  period_end: string;
  current: boolean;
}

const SELECT_DECISIONS = `
  SELECT dd.id, dd.number, dd.signed_on::text AS signed_on, dd.signer_title, dd.period_start::text AS period_start,
         dd.period_end::text AS period_end, dd.purpose,
         (SELECT count(*)::int FROM deployments d WHERE d.decision_id = dd.id) AS deployment_count
  FROM dispatch_decisions dd`;

const SELECT_DEPLOYMENTS = `
  SELECT d.id, d.decision_id, dd.number AS decision_number, d.user_id, u.username, u.display_name,
         d.home_unit_code, mu.name_vi AS home_unit_name, d.province_code, p.name AS province_name,
         d.period_start::text AS period_start, d.period_end::text AS period_end,
         (d.period_start <= $1::date AND $1::date <= d.period_end) AS current
  FROM deployments d
  JOIN dispatch_decisions dd ON dd.id = d.decision_id
  JOIN users u ON u.id = d.user_id
  JOIN ministry_units mu ON mu.code = d.home_unit_code
  JOIN provinces p ON p.code = d.province_code`;

// Serialises deployment imports: two concurrent imports could both create the same new official.
const IMPORT_LOCK = 'deployment-import';

/** Dispatch decisions and the deployments they order; the CSV import creates missing officials. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
  ) {}

  /** Every deployment runs a workflow for its reporting cycle (apps/api/src/reports reads what it produces). */
  private async startRuns(deploymentIds: string[]): Promise<void> {
    if (deploymentIds.length === 0) return;
    await this.temporal.call((client) => startDeploymentWorkflows(client, this.temporal.taskQueue, deploymentIds));
  }

  async createDecision(dto: CreateDecisionDto): Promise<DecisionView> {
    const problems = [
      ...dateProblems({ signedOn: dto.signedOn, periodStart: dto.periodStart, periodEnd: dto.periodEnd }),
    ];
    if (problems.length === 0 && dto.periodStart > dto.periodEnd) {
      problems.push(
        fieldProblem(
          'periodEnd',
          'periodReversed',
          `Ngày kết thúc ${dto.periodEnd} trước ngày bắt đầu ${dto.periodStart}.`,
          `The end ${dto.periodEnd} is before the start ${dto.periodStart}.`,
        ),
      );
    }
    if (problems.length > 0) throw validationFailed(...problems);
    const { id, created } = await ensureDecision(this.database.ready.manager, {
      number: dto.number,
      signedOn: dto.signedOn,
      signerTitle: dto.signerTitle,
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      purpose: dto.purpose ?? '',
    });
    if (!created) throw new ApiError(HttpStatus.CONFLICT, 'DECISION_NUMBER_TAKEN');
    return this.decision(id);
  }

  async listDecisions(): Promise<DecisionView[]> {
    const rows: DecisionRow[] = await this.database.ready.query(`${SELECT_DECISIONS} ORDER BY dd.period_start DESC`);
    return rows.map(toDecisionView);
  }

  private async decision(id: string): Promise<DecisionView> {
    const rows: DecisionRow[] = await this.database.ready.query(`${SELECT_DECISIONS} WHERE dd.id = $1`, [id]);
    return toDecisionView(rows[0]);
  }

  async list(query: ListDeploymentsQuery, now = new Date()): Promise<DeploymentView[]> {
    const today = vietnamDate(now);
    const conditions: string[] = [];
    const values: unknown[] = [today];
    if (query.decision !== undefined) {
      const decisions: { id: string }[] = await this.database.ready.query(
        `SELECT id FROM dispatch_decisions WHERE number = $1`,
        [query.decision],
      );
      if (!decisions[0]) throw new ApiError(HttpStatus.NOT_FOUND, 'DECISION_NOT_FOUND');
      values.push(decisions[0].id);
      conditions.push(`d.decision_id = $${values.length}`);
    }
    if (query.province !== undefined) {
      values.push(query.province);
      conditions.push(`d.province_code = $${values.length}`);
    }
    if (query.current === 'true') conditions.push(`d.period_start <= $1::date AND $1::date <= d.period_end`);
    if (query.current === 'false') conditions.push(`NOT (d.period_start <= $1::date AND $1::date <= d.period_end)`);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows: DeploymentRow[] = await this.database.ready.query(
      `${SELECT_DEPLOYMENTS} ${where} ORDER BY dd.period_start DESC, dd.number, d.province_code, u.username`,
      values,
    );
    return rows.map(toDeploymentView);
  }

  async create(dto: CreateDeploymentDto, now = new Date()): Promise<DeploymentView> {
    const problems = dateProblems({ periodStart: dto.periodStart, periodEnd: dto.periodEnd });
    if (problems.length > 0) throw validationFailed(...problems);
    const id = await this.database.ready.transaction(async (manager) => {
      const decisions: { id: string; period_start: string; period_end: string }[] = await manager.query(
        `SELECT id, period_start::text AS period_start, period_end::text AS period_end
         FROM dispatch_decisions WHERE number = $1`,
        [dto.decisionNumber],
      );
      const decision = decisions[0];
      if (!decision) throw new ApiError(HttpStatus.NOT_FOUND, 'DECISION_NOT_FOUND');
      const periodStart = dto.periodStart ?? decision.period_start;
      const periodEnd = dto.periodEnd ?? decision.period_end;
      const username = normalizeUsername(dto.username);
      const users: { id: string; roles: string[]; active: boolean }[] = await manager.query(
        `SELECT id, roles, active FROM users WHERE username = $1`,
        [username],
      );
      const user = users[0];
      const found: FieldProblem[] = [];
      if (!user) {
        found.push(
          fieldProblem(
            'username',
            'unknownUser',
            `Không có tài khoản "${username}". Tạo tài khoản trước (POST /api/users) hoặc dùng nhập CSV.`,
            `No account "${username}". Create it first (POST /api/users) or use the CSV import.`,
          ),
        );
      } else {
        found.push(...officialProblems('username', username, user));
      }
      found.push(
        ...(await referenceProblems(manager, dto.homeUnitCode, dto.provinceCode, 'homeUnitCode', 'provinceCode')),
      );
      found.push(...periodProblems(periodStart, periodEnd, dto.decisionNumber, decision, 'periodStart', 'periodEnd'));
      if (found.length > 0) throw validationFailed(...found);
      const existing: { id: string }[] = await manager.query(
        `SELECT id FROM deployments WHERE decision_id = $1 AND user_id = $2 AND province_code = $3`,
        [decision.id, user.id, dto.provinceCode],
      );
      if (existing[0]) throw new ApiError(HttpStatus.CONFLICT, 'DEPLOYMENT_ALREADY_EXISTS');
      const written = await upsertDeployment(manager, {
        decisionId: decision.id,
        userId: user.id,
        homeUnitCode: dto.homeUnitCode,
        provinceCode: dto.provinceCode,
        periodStart,
        periodEnd,
      });
      return written.id;
    });
    await this.startRuns([id]);
    const rows: DeploymentRow[] = await this.database.ready.query(`${SELECT_DEPLOYMENTS} WHERE d.id = $2`, [
      vietnamDate(now),
      id,
    ]);
    return toDeploymentView(rows[0]);
  }

  /**
   * Imports a deployment list in one transaction: every row is checked first (file format, then decision, unit,
   * province, period and accounts against the database) and any problem leaves the database untouched. Officials
   * that have no account yet get one (role official, home unit as unit) with a one-time password returned here once.
   * Re-importing the same list changes nothing.
   */
  async importCsv(dto: ImportDeploymentsDto): Promise<DeploymentImportView> {
    const parsed = parseDeploymentCsv(dto.csv);
    if (parsed.issues.length > 0) throw csvInvalid(parsed.issues);
    const rows = parsed.rows;

    try {
      const { view, deploymentIds } = await this.importRows(rows);
      await this.startRuns(deploymentIds);
      return view;
    } catch (error) {
      // An account created by someone else between the checks and the insert.
      if (uniqueViolationOf(error) === 'ux_users_username') throw new ApiError(HttpStatus.CONFLICT, 'USERNAME_TAKEN');
      throw error;
    }
  }

  private importRows(rows: DeploymentCsvRow[]): Promise<{ view: DeploymentImportView; deploymentIds: string[] }> {
    const newUsers = new Map<string, { displayName: string; homeUnitCode: string }>();
    return this.database.ready.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [IMPORT_LOCK]);
      const issues: DeploymentCsvIssue[] = [];
      const issue = (
        line: number,
        column: DeploymentCsvIssue['column'],
        code: string,
        vi: string,
        en: string,
      ): void => {
        issues.push({
          line,
          column,
          position: null,
          code,
          vi: `Dòng ${line}, cột ${column}: ${vi}`,
          en: `Line ${line}, column ${column}: ${en}`,
        });
      };

      const decisions = await lookup<{ number: string; id: string; period_start: string; period_end: string }>(
        manager,
        `SELECT number, id, period_start::text AS period_start, period_end::text AS period_end
         FROM dispatch_decisions WHERE number = ANY($1::text[])`,
        rows.map((row) => row.decisionNumber),
        'number',
      );
      const units = await lookup<{ code: string }>(
        manager,
        `SELECT code FROM ministry_units WHERE code = ANY($1::text[])`,
        rows.map((row) => row.homeUnitCode),
        'code',
      );
      const provinces = await lookup<{ code: string; retired: boolean }>(
        manager,
        `SELECT code, retired_at IS NOT NULL AS retired FROM provinces WHERE code = ANY($1::text[])`,
        rows.map((row) => row.provinceCode),
        'code',
      );
      const users = await lookup<{ username: string; id: string; roles: string[]; active: boolean }>(
        manager,
        `SELECT username, id, roles, active FROM users WHERE username = ANY($1::text[])`,
        rows.map((row) => row.username),
        'username',
      );

      for (const row of rows) {
        const decision = decisions.get(row.decisionNumber);
        if (!decision) {
          issue(
            row.line,
            'decision_number',
            'unknownDecision',
            `chưa có quyết định "${row.decisionNumber}". Tạo quyết định trước (POST /api/dispatch-decisions).`,
            `there is no decision "${row.decisionNumber}". Create it first (POST /api/dispatch-decisions).`,
          );
        } else {
          if (row.periodStart < decision.period_start) {
            issue(
              row.line,
              'period_start',
              'periodOutsideDecision',
              `ngày ${row.periodStart} trước thời gian của quyết định (${decision.period_start} – ${decision.period_end}).`,
              `${row.periodStart} is before the decision's period (${decision.period_start} – ${decision.period_end}).`,
            );
          }
          if (row.periodEnd > decision.period_end) {
            issue(
              row.line,
              'period_end',
              'periodOutsideDecision',
              `ngày ${row.periodEnd} sau thời gian của quyết định (${decision.period_start} – ${decision.period_end}).`,
              `${row.periodEnd} is after the decision's period (${decision.period_start} – ${decision.period_end}).`,
            );
          }
        }
        if (!units.has(row.homeUnitCode)) {
          issue(
            row.line,
            'home_unit_code',
            'unknownUnit',
            `không có đơn vị "${row.homeUnitCode}" trong danh mục đơn vị của Bộ.`,
            `there is no Ministry unit "${row.homeUnitCode}".`,
          );
        }
        const province = provinces.get(row.provinceCode);
        if (!province || province.retired) {
          issue(
            row.line,
            'province_code',
            'unknownProvince',
            `không có tỉnh/thành phố mã "${row.provinceCode}" (đang hiệu lực).`,
            `there is no current province with code "${row.provinceCode}".`,
          );
        }
        const user = users.get(row.username);
        if (user) {
          for (const problem of officialProblems('username', row.username, user)) {
            issue(row.line, 'username', problem.code, problem.messages.vi, problem.messages.en);
          }
        } else {
          const planned = newUsers.get(row.username);
          if (planned && planned.displayName !== row.displayName) {
            issue(
              row.line,
              'display_name',
              'conflictingDisplayName',
              `"${row.displayName}" khác họ tên "${planned.displayName}" đã ghi cho ${row.username} ở dòng trước.`,
              `"${row.displayName}" differs from "${planned.displayName}" given for ${row.username} on an earlier line.`,
            );
          } else if (!planned) {
            newUsers.set(row.username, { displayName: row.displayName, homeUnitCode: row.homeUnitCode });
          }
        }
      }
      if (issues.length > 0) throw csvInvalid(issues);

      const createdUsers: CreatedOfficialView[] = [];
      for (const [username, planned] of newUsers) {
        const secret = await prepareOneTimePassword();
        const id = await insertUser(manager, {
          username,
          displayName: planned.displayName,
          roles: ['official'],
          unitCode: planned.homeUnitCode,
          passwordHash: secret.hash,
          mustChangePassword: true,
        });
        users.set(username, { username, id, roles: ['official'], active: true });
        createdUsers.push({ id, username, displayName: planned.displayName, oneTimePassword: secret.password });
      }
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const deploymentIds: string[] = [];
      for (const row of rows) {
        const written = await upsertDeployment(manager, {
          decisionId: decisions.get(row.decisionNumber)!.id,
          userId: users.get(row.username)!.id,
          homeUnitCode: row.homeUnitCode,
          provinceCode: row.provinceCode,
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
        });
        counts[written.outcome] += 1;
        deploymentIds.push(written.id);
      }
      return { view: { rows: rows.length, ...counts, createdUsers }, deploymentIds };
    });
  }
}

async function prepareOneTimePassword(): Promise<{ password: string; hash: string }> {
  const password = generateOneTimePassword();
  return { password, hash: await hashPassword(password) };
}

async function lookup<T extends object>(
  manager: EntityManager,
  sql: string,
  keys: string[],
  keyColumn: keyof T & string,
): Promise<Map<string, T>> {
  const rows: T[] = await manager.query(sql, [[...new Set(keys)]]);
  return new Map(rows.map((row) => [String(row[keyColumn]), row]));
}

/** A deployed person must be an active official. */
function officialProblems(field: string, username: string, user: { roles: string[]; active: boolean }): FieldProblem[] {
  if (!user.active) {
    return [
      fieldProblem(
        field,
        'userInactive',
        `Tài khoản "${username}" đang bị vô hiệu hoá; kích hoạt lại trước khi cử đi.`,
        `The account "${username}" is deactivated; reactivate it before deploying it.`,
      ),
    ];
  }
  if (!user.roles.includes('official')) {
    return [
      fieldProblem(
        field,
        'notOfficial',
        `Tài khoản "${username}" không có vai trò official (công chức tăng cường); thêm vai trò trước.`,
        `The account "${username}" does not hold the official role; add the role first.`,
      ),
    ];
  }
  return [];
}

async function referenceProblems(
  manager: EntityManager,
  unitCode: string,
  provinceCode: string,
  unitField: string,
  provinceField: string,
): Promise<FieldProblem[]> {
  const [units, provinces] = await Promise.all([
    manager.query<unknown[]>(`SELECT 1 FROM ministry_units WHERE code = $1`, [unitCode]),
    manager.query<unknown[]>(`SELECT 1 FROM provinces WHERE code = $1 AND retired_at IS NULL`, [provinceCode]),
  ]);
  const problems: FieldProblem[] = [];
  if (units.length === 0) {
    problems.push(
      fieldProblem(
        unitField,
        'unknownUnit',
        `Không có đơn vị "${unitCode}" trong danh mục đơn vị của Bộ.`,
        `There is no Ministry unit "${unitCode}".`,
      ),
    );
  }
  if (provinces.length === 0) {
    problems.push(
      fieldProblem(
        provinceField,
        'unknownProvince',
        `Không có tỉnh/thành phố mã "${provinceCode}" (đang hiệu lực).`,
        `There is no current province with code "${provinceCode}".`,
      ),
    );
  }
  return problems;
}

function periodProblems(
  periodStart: string,
  periodEnd: string,
  decisionNumber: string,
  decision: { period_start: string; period_end: string },
  startField: string,
  endField: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (periodStart > periodEnd) {
    problems.push(
      fieldProblem(
        endField,
        'periodReversed',
        `Ngày kết thúc ${periodEnd} trước ngày bắt đầu ${periodStart}.`,
        `The end ${periodEnd} is before the start ${periodStart}.`,
      ),
    );
  }
  const span = `${decision.period_start} – ${decision.period_end}`;
  if (periodStart < decision.period_start) {
    problems.push(
      fieldProblem(
        startField,
        'periodOutsideDecision',
        `Ngày ${periodStart} trước thời gian của quyết định ${decisionNumber} (${span}).`,
        `${periodStart} is before the period of decision ${decisionNumber} (${span}).`,
      ),
    );
  }
  if (periodEnd > decision.period_end) {
    problems.push(
      fieldProblem(
        endField,
        'periodOutsideDecision',
        `Ngày ${periodEnd} sau thời gian của quyết định ${decisionNumber} (${span}).`,
        `${periodEnd} is after the period of decision ${decisionNumber} (${span}).`,
      ),
    );
  }
  return problems;
}

/** Dates that match YYYY-MM-DD but name no real day (2025-02-30). */
function dateProblems(dates: Record<string, string | undefined>): FieldProblem[] {
  return Object.entries(dates)
    .filter(([, value]) => value !== undefined && parseCivilDate(value) !== value)
    .map(([field, value]) =>
      fieldProblem(field, 'invalidDate', `Không có ngày ${value}.`, `${value} is not a real date.`),
    );
}

function csvInvalid(issues: DeploymentCsvIssue[]): ApiError {
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    'DEPLOYMENT_CSV_INVALID',
    issues.map((issue) => ({
      field: csvIssueField(issue),
      code: issue.code,
      messages: { vi: issue.vi, en: issue.en },
    })),
  );
}

function toDecisionView(row: DecisionRow): DecisionView {
  return {
    id: row.id,
    number: row.number,
    signedOn: row.signed_on,
    signerTitle: row.signer_title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    purpose: row.purpose,
    deploymentCount: row.deployment_count,
  };
}

function toDeploymentView(row: DeploymentRow): DeploymentView {
  return {
    id: row.id,
    decisionId: row.decision_id,
    decisionNumber: row.decision_number,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    homeUnitCode: row.home_unit_code,
    homeUnitName: row.home_unit_name,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    current: row.current,
  };
}
