import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  CASE_WORKFLOW_TYPE,
  CaseFieldAttribute,
  CasePriorityAttribute,
  CaseStatusAttribute,
  CommuneCodeAttribute,
  ProvinceCodeAttribute,
  type CaseWorkflowInput,
} from '@libs/contracts';
import { CaseEntity, CaseEventEntity, DatabaseService } from '@libs/database';
import type { AuthenticatedActor } from '@libs/domain';
import { caseScopeWhere } from '../auth/case-scope';
import { ApiError } from '../common/api-error';
import { TemporalClientService } from '../temporal/temporal-client.service';
import type { CreateCaseDto } from './dto/create-case.dto';
import { CaseEventView, CaseView, type CreatedCaseView } from './dto/case.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CasesService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts the case's workflow; the workflow records the first event and the projection row. */
  async raise(dto: CreateCaseDto, actor: AuthenticatedActor, requestId?: string): Promise<CreatedCaseView> {
    if (!actor.provinceCodes.includes(dto.provinceCode)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'PROVINCE_NOT_IN_DEPLOYMENT');
    }
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
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
    try {
      await this.temporal.call((client) =>
        client.workflow.start(CASE_WORKFLOW_TYPE, {
          workflowId: caseId,
          taskQueue: this.temporal.taskQueue,
          args: [input],
          typedSearchAttributes: [
            { key: CaseStatusAttribute, value: 'reported' },
            { key: ProvinceCodeAttribute, value: input.provinceCode },
            { key: CommuneCodeAttribute, value: input.communeCode },
            { key: CaseFieldAttribute, value: input.field },
            { key: CasePriorityAttribute, value: input.priority },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new ApiError(HttpStatus.CONFLICT, 'CASE_ALREADY_EXISTS');
      throw error;
    }
    return { id: caseId, status: 'reported', href: `/api/cases/${caseId}` };
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
