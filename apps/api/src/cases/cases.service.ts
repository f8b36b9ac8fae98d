import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  CASE_WORKFLOW_TYPE,
  CaseFieldAttribute,
  CasePriorityAttribute,
  CaseStatusAttribute,
  CommuneCodeAttribute,
  ProvinceCodeAttribute,
  raiseCaseUpdate,
  type CaseRaiseInput,
} from '@libs/contracts';
import { CaseEntity, CaseEventEntity, DatabaseService } from '@libs/database';
import type { AuthenticatedActor } from '@libs/domain';
import { ReferenceQueryService } from '@libs/reference';
import { caseScopeWhere } from '../auth/case-scope';
import { ApiError } from '../common/api-error';
import { fieldProblem, validationFailed, type FieldProblem } from '../common/field-errors';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { caseIdForIdempotencyKey } from '../idempotency/idempotency-key';
import {
  TemporalClientService,
  TemporalUnavailableError,
  isDeadlineExceeded,
} from '../temporal/temporal-client.service';
import type { CreateCaseDto } from './dto/create-case.dto';
import { CaseEventView, CaseView, type CreatedCaseView } from './dto/case.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CasesService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
    private readonly reference: ReferenceQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the case's workflow together with its `raiseCase` update (update-with-start, one round trip), which
   * completes once `case_reported` and the projection row are committed: after the 201 the case is readable. With an
   * Idempotency-Key the case id is derived from (user, key), so a retry can never start a second workflow: it
   * attaches to the running one (same update id, same answer), or finds the case the first attempt created.
   */
  async raise(
    dto: CreateCaseDto,
    actor: AuthenticatedActor,
    requestId?: string,
    idempotency: IdempotencyContext | null = null,
  ): Promise<CreatedCaseView> {
    if (!actor.provinceCodes.includes(dto.provinceCode)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'PROVINCE_NOT_IN_DEPLOYMENT');
    }
    const caseId = idempotency ? caseIdForIdempotencyKey(actor.userId, idempotency.key) : randomUUID();
    const input: CaseRaiseInput = {
      caseId,
      title: dto.title.trim(),
      description: dto.description.trim(),
      provinceCode: dto.provinceCode,
      communeCode: dto.communeCode,
      field: dto.field,
      priority: dto.priority,
      raisedBy: { userId: actor.userId, roles: actor.roles, unitCode: actor.unitCode, displayName: actor.displayName },
      raisedAt: new Date().toISOString(),
      policySet: this.config.slaPolicySet,
      requestId: requestId ?? null,
    };
    if (idempotency) {
      // The key's record is gone (expired, or lost in a crash) but its case exists: the same request gets that case.
      const earlier = await this.database.ready.getRepository(CaseEntity).findOne({ where: { id: caseId } });
      if (earlier) {
        if (!sameRaise(earlier, input)) throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED');
        return created(caseId);
      }
    }
    await this.checkAgainstReferenceData(dto);
    const startWorkflowOperation = new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
      workflowId: caseId,
      taskQueue: this.temporal.taskQueue,
      args: [input],
      // A retry of the same raise attaches to the run the first attempt started …
      workflowIdConflictPolicy: 'USE_EXISTING',
      // … but a case's id never gets a second run, even after its workflow has completed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...(idempotency ? { memo: { idempotencyRequestHash: idempotency.requestHash } } : {}),
      typedSearchAttributes: [
        { key: CaseStatusAttribute, value: 'reported' },
        { key: ProvinceCodeAttribute, value: input.provinceCode },
        { key: CommuneCodeAttribute, value: input.communeCode },
        { key: CaseFieldAttribute, value: input.field },
        { key: CasePriorityAttribute, value: input.priority },
      ],
    });
    if (idempotency) await this.checkEarlierRun(caseId, idempotency);
    try {
      await this.temporal.callLong(
        (client) =>
          client.workflow.executeUpdateWithStart(raiseCaseUpdate, {
            startWorkflowOperation,
            updateId: `raise:${caseId}`,
          }),
        this.temporal.updateTimeoutMs,
      );
    } catch (error) {
      // Started, but the first event was not confirmed in time (no worker running): it will be recorded later.
      if (error instanceof TemporalUnavailableError && isDeadlineExceeded(error)) {
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'CASE_ACTION_UNCONFIRMED');
      }
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) && !isAlreadyStarted(error)) throw error;
      if (!idempotency) throw new ApiError(HttpStatus.CONFLICT, 'CASE_ALREADY_EXISTS');
      // The first attempt's case has completed (e.g. withdrawn) before this retry: same key, same case.
      const existing = await this.database.ready.getRepository(CaseEntity).findOne({ where: { id: caseId } });
      if (!existing || !sameRaise(existing, input))
        throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED');
    }
    return created(caseId);
  }

  /**
   * A run the same key started earlier (its answer was lost, or not confirmed in time) must be for the same request:
   * the retry attaches to it, another body under the key is refused. One extra call, only for idempotent raises.
   */
  private async checkEarlierRun(caseId: string, idempotency: IdempotencyContext): Promise<void> {
    const description = await this.temporal
      .call((client) => client.workflow.getHandle(caseId).describe())
      .catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      });
    if (description && description.memo?.idempotencyRequestHash !== idempotency.requestHash) {
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED');
    }
  }

  /**
   * The commune must exist, be current and lie in the given province; the field must be one of the Ministry's. A
   * pre-2025 commune name or code is not a commune code: GET /api/reference/communes finds the current one.
   */
  private async checkAgainstReferenceData(dto: CreateCaseDto): Promise<void> {
    const [commune, fields] = await Promise.all([
      this.reference.findCommune(dto.communeCode),
      this.reference.listFields(),
    ]);
    const problems: FieldProblem[] = [];
    const code = dto.communeCode;
    if (!commune) {
      problems.push(
        fieldProblem(
          'communeCode',
          'communeExists',
          `Không có xã, phường, đặc khu nào mang mã ${code}. Tìm mã hiện hành theo tên (kể cả tên trước năm 2025) ` +
            'bằng GET /api/reference/communes?q=…',
          `No commune has code ${code}. Find the current code by name (also a pre-2025 name) with ` +
            'GET /api/reference/communes?q=…',
        ),
      );
    } else if (commune.retiredAt !== null) {
      const successor = commune.replacedByCode;
      problems.push(
        fieldProblem(
          'communeCode',
          'communeCurrent',
          `${commune.name} (mã ${code}) không còn trong danh mục hiện hành` +
            (successor ? `; hãy dùng mã ${successor}.` : '; tìm đơn vị hiện hành bằng GET /api/reference/communes.'),
          `${commune.name} (code ${code}) is no longer a current unit` +
            (successor ? `; use code ${successor}.` : '; find the current one with GET /api/reference/communes.'),
        ),
      );
    } else if (commune.provinceCode !== dto.provinceCode) {
      const provinces = await this.reference.listProvinces({ includeRetired: true });
      const province = provinces.find((candidate) => candidate.code === dto.provinceCode);
      const named = province ? `${province.name} (mã ${province.code})` : `tỉnh mã ${dto.provinceCode}`;
      const namedEn = province ? `${province.name} (code ${province.code})` : `province ${dto.provinceCode}`;
      problems.push(
        fieldProblem(
          'communeCode',
          'communeInProvince',
          `${commune.name} (mã ${code}) không thuộc ${named} mà thuộc ${commune.provinceName} (mã ${commune.provinceCode}).`,
          `${commune.name} (code ${code}) is not in ${namedEn} but in ${commune.provinceName} (code ${commune.provinceCode}).`,
        ),
      );
    }
    if (!fields.some((field) => field.code === dto.field)) {
      problems.push(
        fieldProblem(
          'field',
          'fieldExists',
          `Không có lĩnh vực "${dto.field}" trong danh mục của Bộ (GET /api/reference/fields).`,
          `No Ministry field "${dto.field}" (GET /api/reference/fields).`,
        ),
      );
    }
    if (problems.length > 0) throw validationFailed(...problems);
  }

  async findOne(id: string, actor: AuthenticatedActor): Promise<CaseView> {
    return CaseView.from(await this.findVisibleEntity(id, actor));
  }

  /** The case if it exists and is within the actor's scope (auth/case-scope.ts); otherwise 404, the same for both. */
  async findVisibleEntity(id: string, actor: AuthenticatedActor): Promise<CaseEntity> {
    const scope = caseScopeWhere(actor, 'kase');
    const entity = UUID.test(id)
      ? await this.database.ready
          .getRepository(CaseEntity)
          .createQueryBuilder('kase')
          .where('kase.id = :id', { id })
          .andWhere(scope.condition, scope.parameters)
          .getOne()
      : null;
    if (!entity) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    return entity;
  }

  async events(id: string, actor: AuthenticatedActor): Promise<CaseEventView[]> {
    await this.findOne(id, actor);
    const events = await this.database.ready
      .getRepository(CaseEventEntity)
      .find({ where: { caseId: id }, order: { sequence: 'ASC' } });
    return events.map((event) => CaseEventView.from(event));
  }
}

/** A start refused because the id already had a run (the error may arrive wrapped by the multi-operation call). */
function isAlreadyStarted(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof WorkflowExecutionAlreadyStartedError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function created(caseId: string): CreatedCaseView {
  return { id: caseId, status: 'reported', href: `/api/cases/${caseId}` };
}

/** Whether an existing case is what this raise would have created (same raiser and content). */
function sameRaise(kase: CaseEntity, input: CaseRaiseInput): boolean {
  return (
    kase.raisedByUserId === input.raisedBy.userId &&
    kase.title === input.title &&
    kase.description === input.description &&
    kase.provinceCode === input.provinceCode &&
    kase.communeCode === input.communeCode &&
    kase.field === input.field &&
    kase.priority === input.priority
  );
}
