import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import request from 'supertest';
import { ROLES, type Role } from '@libs/domain';
import { asRole, createUser, loginAs, TEST_DECISION_NUMBER, type SignedIn, type TestUser } from '../support/auth';
import { pgClient, startApi, startWorker, testConfig, validCase, type RunningApi } from '../support/stack';
import { caseIn, inParallel, type FixtureState } from './case-fixtures';
import { fetchOpenApi, fillPath, operationsOf } from './openapi';

/**
 * Who may call what: every operation of the live OpenAPI document × every role (and anonymous), against the real
 * API, worker, Temporal and PostgreSQL. The table below is the policy, written out by hand from DOMAIN.md §2 and §4;
 * an operation the API serves but the table does not classify (or the other way round) fails the suite, so every
 * new endpoint has to be placed in it.
 */

type Caller = 'anonymous' | Role;
/** People who probe case scope: an official and a unit head with the right role but the wrong scope or person. */
type ScopeProbe = 'official elsewhere' | 'unit head elsewhere' | 'official not owner';
type Column = Caller | ScopeProbe;

/**
 * - allowed: the entry's expected answer (2xx, or an answer about the input such as 404 for an unknown notification),
 *   never 401/403;
 * - forbidden: 403 ROLE_NOT_ALLOWED;
 * - unauthenticated: 401 UNAUTHENTICATED;
 * - hidden: 404 CASE_NOT_FOUND, identical to the answer for an id that does not exist;
 * - not owner: 403 NOT_CASE_OWNER (right role, someone else's case);
 * - filtered out: a list or count answers 200 but leaves out the cases outside the caller's scope.
 */
type Outcome = 'allowed' | 'forbidden' | 'unauthenticated' | 'hidden' | 'not owner' | 'filtered out';

interface Fixtures {
  /** An escalated case (routed to the unit head of CCVC) raised by the owning official: the target of refusals. */
  probeCase: string;
  /** A word only the probe case's title contains, to find it in lists. */
  probeWord: string;
  /** An open case every role sees, to merge into. */
  mergeTarget: string;
  /** Untouched cases per state, for requests that must be refused for the person rather than the state. */
  byState: Partial<Record<FixtureState, string>>;
  /** One fresh case per allowed (action, role) cell, in the state the action starts from. */
  fresh: Map<string, string>;
  loginUser: TestUser;
  refreshTokens: Map<Caller, string>;
  victim: TestUser;
  undeployedOfficial: TestUser;
  unitHeadUserId: string;
  policyId: string;
  policyToDeactivate: string;
  policySetPrefix: string;
  overrideToDelete: string;
  /** A working calendar of the suite's own: overrides on the shared one would move other suites' deadlines. */
  calendarId: string;
}

interface RequestSpec {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

interface Entry {
  /** `public`: no token needed; `signed-in`: any role; otherwise the roles that may call it. */
  access: 'public' | 'signed-in' | readonly Role[];
  /** What an allowed caller gets with the request below (default 200). */
  allowed?: { status: number[]; code?: string };
  /** Reads of one case: callers outside the case's scope get 404 CASE_NOT_FOUND. */
  caseScoped?: boolean;
  /** The role guard answers before the case is looked up: a probe whose role may not call it at all gets 403. */
  roleCheckedFirst?: boolean;
  /** Lists and counts of cases: whether the answer includes the probe case (only callers in scope see it). */
  seesProbeCase?: (body: Record<string, unknown>, fixtures: Fixtures) => boolean;
  /** Lifecycle actions (DOMAIN.md §4): the state the action starts from, for the allowed callers' fresh cases. */
  action?: { from: FixtureState };
  request(fixtures: Fixtures, column: Column, outcome: Outcome, key: string): RequestSpec;
}

const ANSWERING_SIDE: readonly Role[] = ['unit_head', 'working_group', 'leadership'];
const OVERSEERS: readonly Role[] = ['admin', 'personnel', 'working_group', 'leadership'];
const AUDITORS: readonly Role[] = ['leadership', 'personnel', 'working_group'];

/** A lifecycle action on one case: who may, from which state, with a body that is valid for it. */
function caseAction(roles: readonly Role[], from: FixtureState, body: (fixtures: Fixtures) => unknown): Entry {
  return {
    access: roles,
    caseScoped: true,
    action: { from },
    request: (fixtures, column, outcome, key) => {
      let id = fixtures.probeCase;
      if (outcome === 'allowed') id = fixtures.fresh.get(`${key}|${column}`)!;
      if (outcome === 'not owner') id = fixtures.byState[from]!;
      return { params: { id }, body: body(fixtures) };
    },
  };
}

const caseRead: Entry = {
  access: 'signed-in',
  caseScoped: true,
  request: (fixtures) => ({ params: { id: fixtures.probeCase } }),
};

const EXPECTATIONS: Record<string, Entry> = {
  'GET /api/health': { access: 'public', request: () => ({}) },
  'POST /api/auth/login': {
    access: 'public',
    request: ({ loginUser }) => ({ body: { username: loginUser.username, password: loginUser.password } }),
  },
  'POST /api/auth/refresh': {
    access: 'public',
    request: ({ refreshTokens }, column) => ({ body: { refreshToken: refreshTokens.get(column as Caller) } }),
  },
  'POST /api/auth/logout': {
    access: 'public',
    allowed: { status: [204] },
    request: () => ({ body: { refreshToken: randomBytes(32).toString('base64url') } }),
  },
  'POST /api/auth/password': {
    access: 'signed-in',
    allowed: { status: [400], code: 'CURRENT_PASSWORD_INCORRECT' },
    request: () => ({ body: { currentPassword: 'not-the-password', newPassword: 'Mật-khẩu-mới-rất-dài-2025' } }),
  },
  'GET /api/auth/me': { access: 'signed-in', request: () => ({}) },

  'POST /api/cases': {
    access: ['official'],
    allowed: { status: [201] },
    request: () => ({ body: { ...validCase, priority: 'low' } }),
  },
  'GET /api/cases': {
    access: 'signed-in',
    seesProbeCase: (body, { probeCase }) => (body.items as { id: string }[]).some((item) => item.id === probeCase),
    request: ({ probeWord }) => ({ query: { q: probeWord } }),
  },
  'GET /api/cases/count': {
    access: 'signed-in',
    seesProbeCase: (body) => body.total === 1,
    request: ({ probeWord }) => ({ query: { q: probeWord } }),
  },
  'GET /api/my-work': { access: 'signed-in', request: () => ({}) },
  'GET /api/cases/{id}': caseRead,
  'GET /api/cases/{id}/events': caseRead,
  'GET /api/cases/{id}/timeline': caseRead,
  'GET /api/cases/{id}/actions': caseRead,
  'GET /api/cases/{id}/assignees': {
    access: ANSWERING_SIDE,
    caseScoped: true,
    roleCheckedFirst: true,
    request: (fixtures) => ({ params: { id: fixtures.probeCase } }),
  },
  'POST /api/cases/{id}/handle-locally': caseAction(['official'], 'reported', () => ({ note: 'Hướng dẫn tại xã.' })),
  'POST /api/cases/{id}/escalate': caseAction(['official'], 'reported', () => ({
    target: 'unit_head',
    question: 'Xin ý kiến.',
  })),
  'POST /api/cases/{id}/request-info': caseAction(ANSWERING_SIDE, 'escalated', () => ({ question: 'Bổ sung hồ sơ.' })),
  'POST /api/cases/{id}/provide-info': caseAction(['official'], 'awaiting_info', () => ({
    information: 'Đã gửi hồ sơ.',
  })),
  'POST /api/cases/{id}/answer': caseAction(ANSWERING_SIDE, 'escalated', () => ({
    text: 'Thực hiện theo hướng dẫn.',
    publishAsGuidance: false,
  })),
  'POST /api/cases/{id}/forward': caseAction(ANSWERING_SIDE, 'escalated', () => ({
    toLevel: 'working_group',
    reason: 'Cần Tổ công tác cho ý kiến.',
  })),
  'POST /api/cases/{id}/reassign': caseAction(['working_group'], 'escalated', ({ unitHeadUserId }) => ({
    assigneeUserId: unitHeadUserId,
  })),
  'POST /api/cases/{id}/resolve': caseAction(['official'], 'local_handling', () => ({ outcome: 'Xã đã xử lý xong.' })),
  // DOMAIN.md §4: an official or the Working Group proposes policy; only leadership decides it.
  'POST /api/cases/{id}/propose-policy': caseAction(['official', 'working_group'], 'local_handling', () => ({
    proposal: 'Bổ sung quy định.',
  })),
  'POST /api/cases/{id}/decide-policy': caseAction(['leadership'], 'policy_proposed', () => ({
    decision: 'needs_study',
  })),
  'POST /api/cases/{id}/withdraw': caseAction(['official'], 'reported', () => ({ reason: 'Xã đã tự giải quyết.' })),
  // "withdraw / merge as duplicate | official / working_group": the owning official or the Working Group merges.
  'POST /api/cases/{id}/merge': caseAction(['official', 'working_group'], 'reported', ({ mergeTarget }) => ({
    intoCaseId: mergeTarget,
  })),
  'POST /api/cases/{id}/reopen': caseAction(['official'], 'resolved', () => ({ reason: 'Phát sinh vướng mắc mới.' })),

  'GET /api/sla/policies': { access: ['admin'], request: () => ({}) },
  'POST /api/sla/policies': {
    access: ['admin'],
    allowed: { status: [201] },
    request: ({ policySetPrefix }) => ({ body: { policySet: `${policySetPrefix}-c`, allowanceSeconds: 3600 } }),
  },
  'GET /api/sla/policies/{id}': { access: ['admin'], request: ({ policyId }) => ({ params: { id: policyId } }) },
  'PATCH /api/sla/policies/{id}': {
    access: ['admin'],
    request: ({ policyId }) => ({ params: { id: policyId }, body: { allowanceSeconds: 7200 } }),
  },
  'POST /api/sla/policies/{id}/deactivate': {
    access: ['admin'],
    request: ({ policyToDeactivate }) => ({ params: { id: policyToDeactivate } }),
  },
  'GET /api/sla/calendars': { access: ['admin'], request: () => ({}) },
  'GET /api/sla/calendars/{calendarId}/overrides': {
    access: ['admin'],
    request: ({ calendarId }) => ({ params: { calendarId } }),
  },
  'POST /api/sla/calendars/{calendarId}/overrides': {
    access: ['admin'],
    allowed: { status: [200, 201] },
    request: ({ calendarId }) => ({
      params: { calendarId },
      body: { date: '2199-12-31', kind: 'day_off', noteVi: 'Kiểm thử phân quyền' },
    }),
  },
  'DELETE /api/sla/calendars/{calendarId}/overrides/{date}': {
    access: ['admin'],
    allowed: { status: [204] },
    request: ({ calendarId, overrideToDelete }) => ({ params: { calendarId, date: overrideToDelete } }),
  },

  'GET /api/reference/provinces': { access: 'signed-in', request: () => ({}) },
  'GET /api/reference/communes': { access: 'signed-in', request: () => ({ query: { q: 'hoan kiem' } }) },
  'GET /api/reference/fields': { access: 'signed-in', request: () => ({}) },
  'GET /api/reference/units': { access: 'signed-in', request: () => ({}) },
  // Re-routing a real field would move other suites' escalations: an unknown field shows the guard let admin through.
  'PUT /api/reference/fields/{code}/routing': {
    access: ['admin'],
    allowed: { status: [404], code: 'REFERENCE_FIELD_NOT_FOUND' },
    request: () => ({ params: { code: 'rbac_no_such_field' }, body: { unitCode: 'CCVC' } }),
  },

  'GET /api/notifications': { access: 'signed-in', request: () => ({}) },
  'POST /api/notifications/read-all': { access: 'signed-in', request: () => ({}) },
  'POST /api/notifications/{id}/read': {
    access: 'signed-in',
    allowed: { status: [404], code: 'NOTIFICATION_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() } }),
  },

  'GET /api/users': { access: ['admin'], request: () => ({}) },
  'POST /api/users': {
    access: ['admin'],
    allowed: { status: [201] },
    request: () => ({
      body: { username: `rbac.${randomBytes(5).toString('hex')}`, displayName: 'Người kiểm thử', roles: ['personnel'] },
    }),
  },
  'GET /api/users/{id}': { access: ['admin'], request: ({ victim }) => ({ params: { id: victim.id } }) },
  'PATCH /api/users/{id}': {
    access: ['admin'],
    request: ({ victim }) => ({ params: { id: victim.id }, body: { displayName: 'Người kiểm thử (đã đổi tên)' } }),
  },
  'POST /api/users/{id}/password-reset': {
    access: ['admin'],
    request: ({ victim }) => ({ params: { id: victim.id } }),
  },

  'POST /api/dispatch-decisions': {
    access: ['admin'],
    allowed: { status: [201] },
    request: () => ({
      body: {
        number: `${Date.now()}/QĐ-RBAC`,
        signedOn: '2025-08-11',
        signerTitle: 'Bộ trưởng Bộ Nội vụ',
        periodStart: '2025-08-20',
        periodEnd: '2025-10-20',
      },
    }),
  },
  'GET /api/dispatch-decisions': { access: OVERSEERS, request: () => ({}) },
  'GET /api/deployments': { access: OVERSEERS, request: () => ({}) },
  'POST /api/deployments': {
    access: ['admin'],
    allowed: { status: [201] },
    request: ({ undeployedOfficial }) => ({
      body: {
        decisionNumber: TEST_DECISION_NUMBER,
        username: undeployedOfficial.username,
        homeUnitCode: 'CCVC',
        provinceCode: '79',
      },
    }),
  },
  'POST /api/deployments/import': {
    access: ['admin'],
    request: () => ({
      body: {
        csv:
          'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end\n' +
          `${TEST_DECISION_NUMBER},rbac.imp.${randomBytes(4).toString('hex')},Người Được Nhập,CCVC,01,2025-08-20,2025-10-20\n`,
      },
    }),
  },

  // Reports (issue 8): unknown ids show the guard let the caller through (404 from the reports service).
  'GET /api/deployments/{deploymentId}/reports': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'DEPLOYMENT_NOT_FOUND' },
    request: () => ({ params: { deploymentId: randomUUID() } }),
  },
  'GET /api/deployments/{deploymentId}/history': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'DEPLOYMENT_NOT_FOUND' },
    request: () => ({ params: { deploymentId: randomUUID() } }),
  },
  'POST /api/deployments/{deploymentId}/period': {
    access: ['admin'],
    allowed: { status: [404], code: 'DEPLOYMENT_NOT_FOUND' },
    request: () => ({
      params: { deploymentId: randomUUID() },
      body: { kind: 'end_early', reason: 'Kiểm thử phân quyền' },
    }),
  },
  'POST /api/deployments/{deploymentId}/support-requests': {
    access: ['official'],
    allowed: { status: [404], code: 'DEPLOYMENT_NOT_FOUND' },
    request: () => ({ params: { deploymentId: randomUUID() }, body: { title: 'Hỗ trợ', body: 'Nội dung' } }),
  },
  'PUT /api/reports/schedule': {
    access: ['admin'],
    allowed: { status: [404], code: 'DECISION_NOT_FOUND' },
    request: () => ({
      body: {
        decision: '1/QĐ-KHONGCO',
        schedule: {
          kind: 'compressed',
          cycleMs: 60000,
          draftReadyAfterCutoffMs: 1000,
          dueAfterCutoffMs: 30000,
          reminderMsBeforeDue: [],
          finalReportAfterEndMs: 1000,
        },
      },
    }),
  },
  'GET /api/reports/roll-up': {
    access: OVERSEERS,
    allowed: { status: [404], code: 'DECISION_NOT_FOUND' },
    request: () => ({ query: { decision: '1/QĐ-KHONGCO' } }),
  },
  'GET /api/reports/evaluation': {
    access: ['personnel', 'leadership', 'admin'],
    allowed: { status: [404], code: 'DECISION_NOT_FOUND' },
    request: () => ({ query: { decision: '1/QĐ-KHONGCO' } }),
  },
  'GET /api/reports/{reportId}': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID() } }),
  },
  'PUT /api/reports/{reportId}/narrative': {
    access: ['official'],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID() }, body: { general: 'Tình hình chung' } }),
  },
  'POST /api/reports/{reportId}/submit': {
    access: ['official'],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID() }, body: {} }),
  },
  'POST /api/reports/{reportId}/versions/{version}/acknowledge': {
    access: ['personnel'],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID(), version: '1' }, body: {} }),
  },
  'POST /api/reports/{reportId}/versions/{version}/return': {
    access: ['personnel'],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID(), version: '1' }, body: { comment: 'Bổ sung' } }),
  },
  'GET /api/reports/{reportId}/versions/{version}/document.docx': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID(), version: '1' } }),
  },
  'GET /api/reports/{reportId}/versions/{version}/data.csv': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ params: { reportId: randomUUID(), version: '1' } }),
  },
  'GET /api/support-requests': { access: ['official', ...OVERSEERS], request: () => ({}) },
  'GET /api/support-requests/{id}': {
    access: ['official', ...OVERSEERS],
    allowed: { status: [404], code: 'SUPPORT_REQUEST_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() } }),
  },
  'POST /api/support-requests/{id}/acknowledge': {
    access: ['personnel'],
    allowed: { status: [404], code: 'SUPPORT_REQUEST_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() } }),
  },
  'POST /api/support-requests/{id}/forward': {
    access: ['personnel'],
    allowed: { status: [404], code: 'SUPPORT_REQUEST_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: {} }),
  },
  'POST /api/support-requests/{id}/answer': {
    access: ['personnel'],
    allowed: { status: [404], code: 'SUPPORT_REQUEST_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: { answer: 'Đồng ý hỗ trợ' } }),
  },
  // Audit (issue 9): leadership, personnel and the Working Group; unknown ids and figures show the guard let them in.
  'GET /api/audit/cases/{id}': {
    access: AUDITORS,
    allowed: { status: [404], code: 'CASE_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() } }),
  },
  'GET /api/audit/figures/report-punctuality': { access: AUDITORS, request: () => ({}) },
  'GET /api/audit/figures/report-punctuality/reports': { access: AUDITORS, request: () => ({}) },
  'GET /api/audit/figures/{figure}': {
    access: AUDITORS,
    allowed: { status: [404], code: 'UNKNOWN_AUDIT_FIGURE' },
    request: () => ({ params: { figure: 'no-such-figure' } }),
  },
  'GET /api/audit/figures/{figure}/cases': {
    access: AUDITORS,
    allowed: { status: [404], code: 'UNKNOWN_AUDIT_FIGURE' },
    request: () => ({ params: { figure: 'no-such-figure' } }),
  },
  // The guidance library: everyone reads and gets suggestions; the Working Group edits.
  'GET /api/guidance': { access: 'signed-in', request: () => ({ query: { q: 'chinh quyen dia phuong' } }) },
  'GET /api/suggestions': { access: 'signed-in', request: () => ({ query: { title: 'Bố trí công chức dôi dư' } }) },
  'GET /api/guidance/{id}': {
    access: 'signed-in',
    allowed: { status: [404], code: 'GUIDANCE_ENTRY_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() } }),
  },
  'PATCH /api/guidance/{id}': {
    access: ['working_group'],
    allowed: { status: [404], code: 'GUIDANCE_ENTRY_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: { note: 'Sửa câu chữ' } }),
  },
  'POST /api/guidance/{id}/retire': {
    access: ['working_group'],
    allowed: { status: [404], code: 'GUIDANCE_ENTRY_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: { reason: 'Hết hiệu lực' } }),
  },
  'POST /api/guidance/{id}/links': {
    access: ['working_group'],
    allowed: { status: [404], code: 'GUIDANCE_ENTRY_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: { relatedEntryId: randomUUID() } }),
  },
  'POST /api/guidance/lessons/from-final-report': {
    access: ['working_group', 'personnel'],
    allowed: { status: [404], code: 'REPORT_NOT_FOUND' },
    request: () => ({ body: { reportId: randomUUID(), question: 'Bài học kinh nghiệm của đợt tăng cường?' } }),
  },
  'POST /api/guidance/lessons': {
    access: ['working_group', 'personnel'],
    allowed: { status: [200, 201] },
    request: (_fixtures, column) => ({
      body: {
        question: 'Bài học kinh nghiệm: bố trí công chức dôi dư sau sắp xếp?',
        answer: 'Rà soát vị trí việc làm trước khi sắp xếp.',
        sourceReference: `rbac-matrix:${column}:${randomUUID()}`,
      },
    }),
  },
  'POST /api/cases/{id}/links': {
    access: ['official', 'working_group'],
    allowed: { status: [404], code: 'CASE_NOT_FOUND' },
    request: () => ({ params: { id: randomUUID() }, body: { relatedCaseId: randomUUID() } }),
  },
  // The codec server of the Temporal Web UI: reading case data in Temporal is for those who read every case;
  // encrypting (what the worker accepts) for admins only.
  'POST /api/temporal-codec/decode': {
    access: OVERSEERS,
    request: () => ({ body: { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'e30=' }] } }),
  },
  'POST /api/temporal-codec/encode': {
    access: ['admin'],
    request: () => ({ body: { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'e30=' }] } }),
  },
};

const CALLERS: Caller[] = ['anonymous', ...ROLES];
const SCOPE_PROBES: ScopeProbe[] = ['official elsewhere', 'unit head elsewhere', 'official not owner'];

function outcomeFor(entry: Entry, column: Column): Outcome {
  if (column === 'official elsewhere' || column === 'unit head elsewhere') {
    const probeRole: Role = column === 'official elsewhere' ? 'official' : 'unit_head';
    if (entry.roleCheckedFirst && outcomeFor(entry, probeRole) === 'forbidden') return 'forbidden';
    return entry.seesProbeCase ? 'filtered out' : 'hidden';
  }
  if (column === 'official not owner') {
    if (!entry.action) return outcomeFor(entry, 'official');
    return outcomeFor(entry, 'official') === 'allowed' ? 'not owner' : 'forbidden';
  }
  if (column === 'anonymous') return entry.access === 'public' ? 'allowed' : 'unauthenticated';
  if (entry.access === 'public' || entry.access === 'signed-in') return 'allowed';
  return entry.access.includes(column) ? 'allowed' : 'forbidden';
}

const CELLS: [string, Column, Outcome][] = Object.entries(EXPECTATIONS).flatMap(([key, entry]) =>
  [...CALLERS, ...(entry.caseScoped || entry.seesProbeCase ? SCOPE_PROBES : [])].map(
    (column): [string, Column, Outcome] => [key, column, outcomeFor(entry, column)],
  ),
);

describe('RBAC matrix: every operation × every role', () => {
  // Production answer-target policies: no reminder or automatic escalation fires while the matrix runs.
  const config = { ...testConfig(), slaPolicySet: 'default' };
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: PgClient;
  const sessions = new Map<Column, SignedIn & { user: TestUser }>();
  let fixtures: Fixtures;
  const observed = new Map<string, Map<Column, string>>();

  beforeAll(async () => {
    [api, worker, db] = await Promise.all([startApi(config), startWorker(config), pgClient()]);
    const people: [Column, Role, Parameters<typeof asRole>[3]][] = [
      ['official', 'official', { provinceCodes: ['01'] }],
      ['unit_head', 'unit_head', { unitCode: 'CCVC' }],
      ['working_group', 'working_group', {}],
      ['leadership', 'leadership', {}],
      ['personnel', 'personnel', {}],
      ['admin', 'admin', {}],
      ['official elsewhere', 'official', { provinceCodes: ['79'] }],
      ['unit head elsewhere', 'unit_head', { unitCode: 'TLBHXH' }],
      ['official not owner', 'official', { provinceCodes: ['01'] }],
    ];
    const signedIn = await Promise.all(people.map(([, role, options]) => asRole(api.url, db, role, options)));
    people.forEach(([column], index) => sessions.set(column, signedIn[index]));
    const session = (column: Column) => sessions.get(column)!;
    const drivers = { apiUrl: api.url, owner: session('official'), workingGroup: session('working_group') };

    const [loginUser, victim, undeployedOfficial] = await Promise.all([
      createUser(db, { roles: ['personnel'] }),
      createUser(db, { roles: ['personnel'] }),
      createUser(db, { roles: ['official'], provinceCodes: [] }),
    ]);
    const refreshTokens = new Map<Caller, string>();
    for (const caller of CALLERS) {
      refreshTokens.set(caller, (await loginAs(api.url, loginUser.username, loginUser.password!)).refreshToken);
    }

    const policySetPrefix = `rbac-${randomBytes(4).toString('hex')}`;
    const admin = session('admin');
    const createPolicy = async (policySet: string) => {
      const created = await request(api.url)
        .post('/api/sla/policies')
        .set(admin.authHeader)
        .send({ policySet, allowanceSeconds: 3600 });
      if (created.status !== 201) throw new Error(`policy fixture: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id as string;
    };
    const calendarId = `rbac-${randomBytes(4).toString('hex')}`;
    await db.query(
      `INSERT INTO working_calendars (id, name_vi, name_en, config)
       SELECT $1, 'Lịch kiểm thử phân quyền', 'RBAC test calendar', config FROM working_calendars
        WHERE id = 'vn-civil-service'`,
      [calendarId],
    );
    const overrideToDelete = '2199-12-30';
    const override = await request(api.url)
      .post(`/api/sla/calendars/${calendarId}/overrides`)
      .set(admin.authHeader)
      .send({ date: overrideToDelete, kind: 'day_off', noteVi: 'Kiểm thử phân quyền (sẽ xoá)' });
    if (override.status >= 300) throw new Error(`override fixture: ${override.status}`);

    // Cases: refusals go to shared cases that must stay as they are; each allowed action gets a case of its own.
    const freshCells = Object.entries(EXPECTATIONS).flatMap(([key, entry]) =>
      entry.action
        ? CALLERS.filter((caller) => outcomeFor(entry, caller) === 'allowed').map((caller) => ({
            cell: `${key}|${caller}`,
            from: entry.action!.from,
          }))
        : [],
    );
    const shared: FixtureState[] = ['reported', 'local_handling', 'awaiting_info', 'resolved'];
    const probeWord = `rbacprobe${randomBytes(6).toString('hex').replace(/[0-9]/g, 'x')}`;
    const ids = await inParallel([
      () => caseIn('escalated', drivers, { title: `${validCase.title} ${probeWord}` }),
      () => caseIn('escalated', drivers),
      ...shared.map((state) => () => caseIn(state, drivers)),
      ...freshCells.map(
        ({ from }) =>
          () =>
            caseIn(from, drivers),
      ),
    ]);
    const [probeCase, mergeTarget, ...rest] = ids;
    fixtures = {
      probeCase,
      probeWord,
      mergeTarget,
      byState: Object.fromEntries(shared.map((state, index) => [state, rest[index]])),
      fresh: new Map(freshCells.map(({ cell }, index) => [cell, rest[shared.length + index]])),
      loginUser,
      refreshTokens,
      victim,
      undeployedOfficial,
      unitHeadUserId: session('unit_head').user.id,
      policyId: await createPolicy(`${policySetPrefix}-a`),
      policyToDeactivate: await createPolicy(`${policySetPrefix}-b`),
      policySetPrefix,
      overrideToDelete,
      calendarId,
    };
  }, 120000);

  afterAll(async () => {
    printMatrix(observed);
    await Promise.all([api?.close(), worker?.close(), db?.end()]);
  });

  function send(key: string, column: Column, spec: RequestSpec): request.Test {
    const [method, path] = key.split(' ');
    const url = fillPath(path, spec.params ?? {});
    const agent = request(api.url);
    let call: request.Test;
    switch (method) {
      case 'GET':
        call = agent.get(url);
        break;
      case 'POST':
        call = agent.post(url);
        break;
      case 'PUT':
        call = agent.put(url);
        break;
      case 'PATCH':
        call = agent.patch(url);
        break;
      case 'DELETE':
        call = agent.delete(url);
        break;
      default:
        throw new Error(`no way to send ${method}`);
    }
    if (spec.query) call = call.query(spec.query);
    const session = sessions.get(column);
    if (session) call = call.set(session.authHeader);
    return spec.body === undefined ? call : call.send(spec.body as object);
  }

  it('classifies every operation of the live OpenAPI document, and only those', async () => {
    const live = operationsOf(await fetchOpenApi(api.url)).map((operation) => operation.key);
    const unclassified = live.filter((key) => !(key in EXPECTATIONS));
    const stale = Object.keys(EXPECTATIONS).filter((key) => !live.includes(key));
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
  });

  it.each(CELLS)('%s as %s → %s', async (key, column, outcome) => {
    const entry = EXPECTATIONS[key];
    const spec = entry.request(fixtures, column, outcome, key);
    const response = await send(key, column, spec);
    const code =
      response.status >= 400 && typeof response.body?.code === 'string' ? (response.body.code as string) : undefined;
    const seen = new Map(observed.get(key) ?? []);
    observed.set(key, seen.set(column, `${response.status}${code ? ` ${code}` : ''}`));
    const answer = { request: `${key} as ${column}`, status: response.status, code, body: response.body as unknown };

    switch (outcome) {
      case 'allowed': {
        const allowed = entry.allowed ?? { status: [200] };
        const status = allowed.status.includes(response.status) ? response.status : allowed.status[0];
        expect(answer).toMatchObject({ status, ...(allowed.code ? { code: allowed.code } : {}) });
        if (entry.seesProbeCase)
          expect({ ...answer, seesProbeCase: entry.seesProbeCase(response.body, fixtures) }).toMatchObject({
            seesProbeCase: true,
          });
        break;
      }
      case 'filtered out':
        expect({ ...answer, seesProbeCase: entry.seesProbeCase!(response.body, fixtures) }).toMatchObject({
          status: 200,
          seesProbeCase: false,
        });
        break;
      case 'forbidden':
        expect(answer).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED', body: { statusCode: 403 } });
        break;
      case 'unauthenticated':
        expect(answer).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', body: { statusCode: 401 } });
        break;
      case 'not owner':
        expect(answer).toMatchObject({ status: 403, code: 'NOT_CASE_OWNER', body: { statusCode: 403 } });
        break;
      case 'hidden': {
        expect(answer).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
        // Out of scope must be indistinguishable from "no such case".
        const unknown = await send(key, column, { ...spec, params: { ...spec.params, id: randomUUID() } });
        const { requestId: _seen, ...hidden } = response.body as Record<string, unknown>;
        const { requestId: _unknown, ...missing } = unknown.body as Record<string, unknown>;
        expect({ status: response.status, body: hidden }).toEqual({ status: unknown.status, body: missing });
        break;
      }
    }
  });
});

function printMatrix(observed: Map<string, Map<Column, string>>): void {
  const columns: Column[] = [...CALLERS, ...SCOPE_PROBES];
  const short = (text: string | undefined) => (text ?? '').replace('ROLE_NOT_ALLOWED', 'ROLE').padEnd(12).slice(0, 12);
  const keyWidth = Math.max(...[...observed.keys()].map((key) => key.length));
  const header = `${'operation'.padEnd(keyWidth)} | ${columns.map((column) => short(column)).join(' | ')}`;
  const lines = [...observed.entries()].map(
    ([key, row]) => `${key.padEnd(keyWidth)} | ${columns.map((column) => short(row.get(column))).join(' | ')}`,
  );
  const cells = [...observed.values()].reduce((sum, row) => sum + row.size, 0);
  console.log(
    `RBAC matrix: ${observed.size} operations × ${CALLERS.length} callers (+${SCOPE_PROBES.length} scope probes on ` +
      `case operations) = ${cells} cells\n${header}\n${lines.join('\n')}`,
  );
}
