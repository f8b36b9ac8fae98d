import { HttpStatus, Injectable } from '@nestjs/common';
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
import type { Actor } from '@libs/domain';
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
  ) {}

  /** Starts the case's workflow; the workflow records the first event and the projection row. */
  async raise(dto: CreateCaseDto, actor: Actor, requestId?: string): Promise<CreatedCaseView> {
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
      caseId,
      title: dto.title.trim(),
      description: dto.description.trim(),
      provinceCode: dto.provinceCode,
      communeCode: dto.communeCode,
      field: dto.field,
      priority: dto.priority,
      raisedBy: actor,
      raisedAt: new Date().toISOString(),
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

  async findOne(id: string): Promise<CaseView> {
    const entity = UUID.test(id) ? await this.database.ready.getRepository(CaseEntity).findOneBy({ id }) : null;
    if (!entity) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND');
    return CaseView.from(entity);
  }

  async events(id: string): Promise<CaseEventView[]> {
    await this.findOne(id);
    const events = await this.database.ready
      .getRepository(CaseEventEntity)
      .find({ where: { caseId: id }, order: { sequence: 'ASC' } });
    return events.map((event) => CaseEventView.from(event));
  }
}
