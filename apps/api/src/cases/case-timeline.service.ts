import { Injectable } from '@nestjs/common';
import { CaseEventEntity, DatabaseService } from '@libs/database';
import { timelineStages, type AuthenticatedActor, type TimelineStage } from '@libs/domain';
import { CasesService } from './cases.service';
import { CaseEventView } from './dto/case.view';

export interface CaseTimeline {
  caseId: string;
  stages: TimelineStage[];
  events: CaseEventView[];
}

/** A case's life as stages (status and level) with durations and the deadline in force, read from the event log. */
@Injectable()
export class CaseTimelineService {
  constructor(
    private readonly cases: CasesService,
    private readonly database: DatabaseService,
  ) {}

  async timeline(id: string, actor: AuthenticatedActor): Promise<CaseTimeline> {
    await this.cases.findVisibleEntity(id, actor);
    const events = await this.database.ready
      .getRepository(CaseEventEntity)
      .find({ where: { caseId: id }, order: { sequence: 'ASC' } });
    const stages = timelineStages(
      events.map((event) => ({
        sequence: event.sequence,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        actorUserId: event.actorUserId,
        statusAfter: event.statusAfter,
        levelAfter: event.escalationLevelAfter,
        deadlineAt: event.deadlineAt?.toISOString() ?? null,
        policyId: event.policyId,
      })),
      new Date().toISOString(),
    );
    return { caseId: id, stages, events: events.map((event) => CaseEventView.from(event)) };
  }
}
