import { HttpStatus, Injectable } from '@nestjs/common';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { caseActionUpdates, type CaseActionResult } from '@libs/contracts';
import { DatabaseService, type CaseEntity } from '@libs/database';
import {
  actionAvailability,
  canAnswerAtLevel,
  OPEN_CASE_STATUSES,
  REFUSAL_CODES,
  type AuthenticatedActor,
  type CaseAction,
  type CaseActionType,
  type LifecycleState,
  type Refusal,
  type RefusalCode,
  type Role,
} from '@libs/domain';
import { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed } from '../common/field-errors';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import {
  isDeadlineExceeded,
  TemporalClientService,
  TemporalUnavailableError,
} from '../temporal/temporal-client.service';
import { CasesService } from './cases.service';
import type { AssigneeView, CaseActionsView } from './dto/case-actions.dto';

/** How a refusal from the workflow reaches the caller: input problems 400, who-may 403, wrong state 409. */
const REFUSAL_STATUS: Record<RefusalCode, number> = {
  INVALID_INPUT: HttpStatus.BAD_REQUEST,
  MERGE_INTO_SELF: HttpStatus.BAD_REQUEST,
  INVALID_FORWARD: HttpStatus.BAD_REQUEST,
  ROLE_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  NOT_CASE_OWNER: HttpStatus.FORBIDDEN,
  NOT_ASSIGNED_LEVEL: HttpStatus.FORBIDDEN,
  CASE_CLOSED: HttpStatus.CONFLICT,
  INVALID_TRANSITION: HttpStatus.CONFLICT,
  CASE_NOT_ESCALATED: HttpStatus.CONFLICT,
  ALREADY_ANSWERED: HttpStatus.CONFLICT,
  CASE_NOT_AWAITING_INFO: HttpStatus.CONFLICT,
  REOPEN_WINDOW_EXPIRED: HttpStatus.CONFLICT,
  MERGE_TARGET_CLOSED: HttpStatus.CONFLICT,
  MERGE_TARGET_BUSY: HttpStatus.CONFLICT,
  MERGE_CONFLICT: HttpStatus.CONFLICT,
};

/** The endpoint path of each action under /api/cases/{id}/ (the controller's routes). */
export const ACTION_PATHS: Readonly<Record<CaseActionType, string>> = {
  handle_locally: 'handle-locally',
  escalate: 'escalate',
  request_info: 'request-info',
  provide_info: 'provide-info',
  answer: 'answer',
  forward: 'forward',
  reassign: 'reassign',
  resolve: 'resolve',
  propose_policy: 'propose-policy',
  decide_policy: 'decide-policy',
  withdraw: 'withdraw',
  merge: 'merge',
  reopen: 'reopen',
};

/** How often an update that met a continue-as-new is sent again before the caller is told. */
const UNPROCESSED_UPDATE_RETRIES = 5;

/**
 * An update that met the run's continue-as-new: delivered in the workflow task that continued the run
 * (`UnprocessedUpdate`), or in one the server refused because the update arrived while it completed ("unexpected
 * workflow task failure"). Nothing was applied; sent again, the next run (or the retried task) takes it.
 */
export function isUnprocessedUpdate(error: unknown): boolean {
  if (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'UnprocessedUpdate'
  ) {
    return true;
  }
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown };
    const text = [candidate.details, candidate.message].filter((part) => typeof part === 'string').join(' ');
    if (candidate.code === GRPC_FAILED_PRECONDITION && /unexpected workflow task failure/i.test(text)) return true;
    current = candidate.cause;
  }
  return false;
}

/** gRPC status of a workflow that no longer exists (completed and past retention, or never started). */
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

/**
 * Performs lifecycle actions by sending the case workflow the matching update. The workflow decides (its validator
 * applies the lifecycle rules); this service only maps its answer to HTTP.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly cases: CasesService,
    private readonly temporal: TemporalClientService,
    private readonly database: DatabaseService,
  ) {}

  /**
   * Sends the action as the workflow's update. The update id is derived from (caller, Idempotency-Key) or is the
   * request id, so a retry of a lost answer or a 503 CASE_ACTION_UNCONFIRMED is applied at most once and answered with
   * the first result.
   */
  async perform(
    caseId: string,
    actor: AuthenticatedActor,
    action: CaseAction,
    requestId?: string,
    idempotency: IdempotencyContext | null = null,
  ): Promise<CaseActionResult> {
    const kase = await this.cases.findVisibleEntity(caseId, actor);
    if (action.type === 'merge') await this.checkMergeTarget(kase, action.intoCaseId, actor);
    if (action.type === 'forward' && action.toUnitCode) await this.checkUnit('toUnitCode', action.toUnitCode);
    if (action.type === 'reassign') await this.checkAssignee(kase, action);
    const updateId = idempotency
      ? `${action.type}:${createHash('sha256').update(`${actor.userId}\n${idempotency.key}`).digest('hex').slice(0, 32)}`
      : requestId;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.temporal.callLong(
          (client) =>
            client.workflow.getHandle(caseId).executeUpdate(caseActionUpdates[action.type], {
              args: [{ actor, action, requestId: requestId ?? null }],
              ...(updateId ? { updateId } : {}),
            }),
          this.temporal.updateTimeoutMs,
        );
      } catch (error) {
        // The update reached the run just as it continued as new: the next run takes it (same update id).
        if (isUnprocessedUpdate(error) && attempt < UNPROCESSED_UPDATE_RETRIES) continue;
        throw this.translate(error, kase, action);
      }
    }
  }

  /** Every action with whether the caller may take it now, from the committed projection (no Temporal round trip). */
  async availability(caseId: string, actor: AuthenticatedActor): Promise<CaseActionsView> {
    const kase = await this.cases.findVisibleEntity(caseId, actor);
    const actions = actionAvailability(lifecycleOf(kase), actor, new Date().toISOString()).map(({ type, refusal }) => ({
      type,
      allowed: refusal === null,
      refusal: refusal ? { code: refusal.code, messageVi: refusal.messageVi, messageEn: refusal.messageEn } : null,
      path: ACTION_PATHS[type],
    }));
    return { caseId: kase.id, lastEventSequence: kase.lastEventSequence, actions };
  }

  /**
   * Who the case can be reassigned to: active accounts that pass the same check as the reassign action, optionally
   * matching `q` (name or username, diacritics ignored); at most 50.
   */
  async assignees(caseId: string, actor: AuthenticatedActor, unitCode?: string, q?: string): Promise<AssigneeView[]> {
    const kase = await this.cases.findVisibleEntity(caseId, actor);
    const level = kase.escalationLevel;
    const unit = unitCode ?? kase.assignedUnitCode;
    const rows: { id: string; display_name: string; roles: Role[]; unit_code: string | null }[] =
      await this.database.ready.query(
        `SELECT id, display_name, roles, unit_code FROM users
          WHERE active AND roles && ARRAY['unit_head', 'working_group', 'leadership']::text[]
            AND ($1::text IS NULL
                 OR case_engine_fold(display_name) LIKE '%' || case_engine_fold($1::text) || '%'
                 OR lower(username) LIKE '%' || lower($1::text) || '%')
          ORDER BY display_name, id LIMIT 500`,
        [q ?? null],
      );
    return rows
      .filter(
        (row) =>
          level === null ||
          canAnswerAtLevel({ userId: row.id, roles: row.roles, unitCode: row.unit_code }, level, unit),
      )
      .slice(0, 50)
      .map((row) => ({ id: row.id, displayName: row.display_name, unitCode: row.unit_code, roles: row.roles }));
  }

  /** A forward or reassign must name a unit of the Ministry. */
  private async checkUnit(field: string, unitCode: string): Promise<void> {
    const rows: unknown[] = await this.database.ready.query(`SELECT 1 FROM ministry_units WHERE code = $1`, [
      unitCode.trim(),
    ]);
    if (rows.length === 0) {
      throw validationFailed(
        fieldProblem(
          field,
          'unitExists',
          `Không có đơn vị nào của Bộ mang mã "${unitCode}" (GET /api/reference/units).`,
          `No Ministry unit has code "${unitCode}" (GET /api/reference/units).`,
        ),
      );
    }
  }

  /**
   * The new assignee must be an active account that may answer at the case's level (the unit's head for the unit
   * the case is or will be routed to, the Working Group, or leadership above them).
   */
  private async checkAssignee(kase: CaseEntity, action: Extract<CaseAction, { type: 'reassign' }>): Promise<void> {
    const unitCode = action.unitCode?.trim() ?? kase.assignedUnitCode;
    if (action.unitCode) await this.checkUnit('unitCode', action.unitCode);
    const rows: { roles: Role[]; unit_code: string | null }[] = await this.database.ready.query(
      `SELECT roles, unit_code FROM users WHERE id = $1 AND active`,
      [action.assigneeUserId.trim()],
    );
    const assignee = rows[0];
    const level = kase.escalationLevel;
    if (!assignee) {
      throw validationFailed(
        fieldProblem(
          'assigneeUserId',
          'userExists',
          'Không có tài khoản đang hoạt động nào mang mã này.',
          'No active account has this id.',
        ),
      );
    }
    if (
      level !== null &&
      !canAnswerAtLevel(
        { userId: action.assigneeUserId, roles: assignee.roles, unitCode: assignee.unit_code },
        level,
        unitCode,
      )
    ) {
      throw validationFailed(
        fieldProblem(
          'assigneeUserId',
          'mayAnswerAtLevel',
          'Người này không có vai trò, đơn vị hoặc phạm vi để trả lời ở cấp hiện tại của vụ việc.',
          "This person lacks the role, unit or scope to answer at the case's current level.",
        ),
      );
    }
  }

  private async checkMergeTarget(kase: CaseEntity, intoCaseId: string, actor: AuthenticatedActor): Promise<void> {
    if (intoCaseId === kase.id) return; // the workflow refuses it with MERGE_INTO_SELF
    const target = await this.cases.findVisibleEntity(intoCaseId, actor).catch(() => null);
    if (!target) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'MERGE_TARGET_NOT_FOUND', [
        { field: 'intoCaseId', code: 'notFound', messages: ERROR_FIELD_NOT_FOUND },
      ]);
    }
    if (!OPEN_CASE_STATUSES.includes(target.status)) throw new ApiError(HttpStatus.CONFLICT, 'MERGE_TARGET_CLOSED');
  }

  private translate(error: unknown, kase: CaseEntity, action: CaseAction): unknown {
    // The update reached Temporal but no answer came in time (e.g. no worker running): it may still be applied later,
    // so the caller must not be told that nothing happened.
    if (error instanceof TemporalUnavailableError && isDeadlineExceeded(error)) {
      return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'CASE_ACTION_UNCONFIRMED');
    }
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const failure = error.cause;
      const refusal = failure.details?.[0] as Refusal | undefined;
      const code = failure.type as RefusalCode | undefined;
      if (code && (REFUSAL_CODES as readonly string[]).includes(code)) {
        const messages = refusal
          ? { vi: refusal.messageVi, en: refusal.messageEn }
          : { vi: failure.message, en: failure.message };
        const fieldErrors = refusal?.field ? [{ field: refusal.field, code, messages }] : undefined;
        return new ApiError(REFUSAL_STATUS[code], code, fieldErrors, messages);
      }
    }
    // The workflow has completed: the case is closed for good (after the reopen window, for a resolved case).
    if (
      error instanceof WorkflowNotFoundError ||
      (isGrpcServiceError(error) && (error.code as number) === GRPC_NOT_FOUND)
    ) {
      if (action.type === 'reopen' && kase.closeReason === 'resolved') {
        return new ApiError(HttpStatus.CONFLICT, 'REOPEN_WINDOW_EXPIRED');
      }
      return new ApiError(HttpStatus.CONFLICT, 'CASE_CLOSED');
    }
    return error;
  }
}

const ERROR_FIELD_NOT_FOUND = {
  vi: 'intoCaseId: Không tìm thấy vụ việc này hoặc bạn không có quyền xem.',
  en: 'intoCaseId: No such case, or you may not see it.',
};

/** The lifecycle state the projection row records (the same fields the workflow decides with). */
export function lifecycleOf(kase: CaseEntity): LifecycleState {
  return {
    status: kase.status,
    level: kase.escalationLevel,
    escalationTarget: kase.escalationTarget,
    ownerUserId: kase.raisedByUserId,
    provinceCode: kase.provinceCode,
    assignedUnitCode: kase.assignedUnitCode,
    assigneeUserId: kase.assigneeUserId,
    answeredLevel: kase.status === 'answered' ? kase.escalationLevel : null,
    closeReason: kase.closeReason,
    resolvedAt: kase.resolvedAt?.toISOString() ?? null,
    reopenUntil: kase.reopenUntil?.toISOString() ?? null,
    closedAt: kase.closedAt?.toISOString() ?? null,
    mergedIntoCaseId: kase.mergedIntoCaseId,
  };
}
