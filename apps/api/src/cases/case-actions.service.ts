import { HttpStatus, Injectable } from '@nestjs/common';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseActionUpdates, type CaseActionResult } from '@libs/contracts';
import type { CaseEntity } from '@libs/database';
import {
  OPEN_CASE_STATUSES,
  REFUSAL_CODES,
  type AuthenticatedActor,
  type CaseAction,
  type Refusal,
  type RefusalCode,
} from '@libs/domain';
import { ApiError } from '../common/api-error';
import { TemporalClientService, TemporalUnavailableError } from '../temporal/temporal-client.service';
import { CasesService } from './cases.service';

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
};

/** gRPC status of a workflow that no longer exists (completed and past retention, or never started). */
const GRPC_NOT_FOUND = 5;
const GRPC_DEADLINE_EXCEEDED = 4;

function hasGrpcCode(error: unknown, code: number): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Performs lifecycle actions by sending the case workflow the matching update. The workflow decides (its validator
 * applies the lifecycle rules); this service only maps its answer to HTTP.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly cases: CasesService,
    private readonly temporal: TemporalClientService,
  ) {}

  async perform(
    caseId: string,
    actor: AuthenticatedActor,
    action: CaseAction,
    requestId?: string,
  ): Promise<CaseActionResult> {
    const kase = await this.cases.findVisibleEntity(caseId, actor);
    if (action.type === 'merge') await this.checkMergeTarget(kase, action.intoCaseId, actor);
    try {
      return await this.temporal.call(
        (client) =>
          client.workflow
            .getHandle(caseId)
            .executeUpdate(caseActionUpdates[action.type], { args: [{ actor, action, requestId: requestId ?? null }] }),
        this.temporal.updateTimeoutMs,
      );
    } catch (error) {
      throw this.translate(error, kase, action);
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
    if (error instanceof TemporalUnavailableError && hasGrpcCode(error, GRPC_DEADLINE_EXCEEDED)) {
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
