import { ApiProperty } from '@nestjs/swagger';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  ESCALATION_LEVELS,
  type CaseEventType,
  type CasePriority,
  type CaseStatus,
  type EscalationLevel,
  type Role,
} from '@libs/domain';
import type { CaseEntity, CaseEventEntity } from '@libs/database';
import {
  CASE_EVENT_PAYLOAD_SCHEMAS,
  CASE_EVENT_PAYLOAD_VERSION,
  readCaseEventPayload,
  type CaseEventPayload,
  type JsonSchema,
} from '@libs/contracts';

/** A payload JSON Schema in the OpenAPI 3.0 dialect the document uses (nullable instead of type lists, no const). */
export function openApiSchema(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      out.type = types[0];
      if (types.length < value.length) out.nullable = true;
    } else if (key === 'enum' && Array.isArray(value) && value.includes(null)) {
      out.enum = value.filter((item) => item !== null);
      out.nullable = true;
    } else if (key === 'const') {
      out.enum = [value];
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, openApiSchema(child)]),
      );
    } else if (key === 'oneOf' && Array.isArray(value)) {
      out.oneOf = (value as JsonSchema[]).map(openApiSchema);
    } else if (key === 'items' && value && typeof value === 'object') {
      out.items = openApiSchema(value as JsonSchema);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const PAYLOAD_SCHEMAS = Object.entries(CASE_EVENT_PAYLOAD_SCHEMAS).map(([type, schema]) => ({
  title: type,
  description: `payload of ${type}`,
  ...openApiSchema(schema),
}));

export class CreatedCaseView {
  @ApiProperty({
    format: 'uuid',
    description: 'Mã vụ việc, cũng là workflow id trong Temporal / Case id, also the Temporal workflow id',
  })
  id!: string;

  @ApiProperty({ enum: CASE_STATUSES, example: 'reported' })
  status!: CaseStatus;

  @ApiProperty({ example: '/api/cases/5b0c3c4e-8f87-4a4b-9d4e-6d1f0c1e2a33' })
  href!: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '01' }) provinceCode!: string;
  @ApiProperty({ example: '00004' }) communeCode!: string;
  @ApiProperty({ example: 'civil_service' }) field!: string;
  @ApiProperty({ enum: CASE_PRIORITIES }) priority!: CasePriority;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ enum: ESCALATION_LEVELS, nullable: true }) escalationLevel!: EscalationLevel | null;
  @ApiProperty({
    enum: ['unit_head', 'working_group'],
    nullable: true,
    description: 'Ai được hỏi trước / Who was asked first',
  })
  escalationTarget!: 'unit_head' | 'working_group' | null;
  @ApiProperty({ nullable: true }) assignedUnitCode!: string | null;
  @ApiProperty({ nullable: true }) assigneeUserId!: string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) answerDeadline!: string | null;
  @ApiProperty({
    nullable: true,
    description: 'Thời gian làm việc còn lại khi tạm dừng (ms) / Working time left while paused',
  })
  deadlineRemainingMs!: number | null;
  @ApiProperty({ nullable: true, description: 'Chính sách thời hạn đang áp dụng / Answer-target policy in force' })
  slaPolicyId!: string | null;
  @ApiProperty({ description: 'Số lần quá hạn / Deadlines missed' }) breachCount!: number;
  @ApiProperty() raisedByUserId!: string;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ enum: ['resolved', 'withdrawn', 'merged', 'policy_decided'], nullable: true }) closeReason!:
    string | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, format: 'uuid', description: 'Đã gộp vào vụ việc / Merged into' }) mergedIntoCaseId!:
    string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'Số thứ tự sự kiện cuối cùng / Sequence of the last recorded event' })
  lastEventSequence!: number;

  static from(entity: CaseEntity): CaseView {
    return {
      id: entity.id,
      title: entity.title,
      description: entity.description,
      provinceCode: entity.provinceCode,
      communeCode: entity.communeCode,
      field: entity.field,
      priority: entity.priority,
      status: entity.status,
      escalationLevel: entity.escalationLevel,
      escalationTarget: entity.escalationTarget,
      assignedUnitCode: entity.assignedUnitCode,
      assigneeUserId: entity.assigneeUserId,
      answerDeadline: entity.answerDeadline?.toISOString() ?? null,
      deadlineRemainingMs: entity.deadlineRemainingMs,
      slaPolicyId: entity.slaPolicyId,
      breachCount: entity.breachCount,
      raisedByUserId: entity.raisedByUserId,
      raisedAt: entity.raisedAt.toISOString(),
      closedAt: entity.closedAt?.toISOString() ?? null,
      closeReason: entity.closeReason,
      resolvedAt: entity.resolvedAt?.toISOString() ?? null,
      mergedIntoCaseId: entity.mergedIntoCaseId,
      updatedAt: entity.updatedAt.toISOString(),
      lastEventSequence: entity.lastEventSequence,
    };
  }
}

export class CaseEventView {
  @ApiProperty({ example: 1 }) sequence!: number;
  @ApiProperty({ example: 'case_reported' }) type!: CaseEventType;
  @ApiProperty() actorUserId!: string;
  @ApiProperty({ type: [String] }) actorRoles!: Role[];
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({
    description:
      'Nội dung sự kiện, theo loại sự kiện (`type`) / The event payload, whose shape is fixed by `type` (one schema per ' +
      `type, titled by it; payload version ${CASE_EVENT_PAYLOAD_VERSION}; rows written by 0.1.0 are upgraded on read)`,
    oneOf: PAYLOAD_SCHEMAS,
  })
  payload!: CaseEventPayload;
  @ApiProperty({ nullable: true, format: 'date-time', description: 'Hạn xử lý đang áp dụng / Deadline in force' })
  deadlineAt!: string | null;
  @ApiProperty({ nullable: true }) policyId!: string | null;
  @ApiProperty({ nullable: true }) requestId!: string | null;
  @ApiProperty({ enum: CASE_STATUSES, nullable: true, description: 'Trạng thái sau sự kiện / Status after the event' })
  statusAfter!: CaseStatus | null;
  @ApiProperty({ enum: ESCALATION_LEVELS, nullable: true }) escalationLevelAfter!: EscalationLevel | null;

  static from(entity: CaseEventEntity): CaseEventView {
    return {
      sequence: entity.sequence,
      type: entity.type,
      actorUserId: entity.actorUserId,
      actorRoles: entity.actorRoles,
      occurredAt: entity.occurredAt.toISOString(),
      payload: readCaseEventPayload(
        entity.type,
        entity.payload,
        entity.payloadVersion ?? 1,
        entity.occurredAt.toISOString(),
      ),
      deadlineAt: entity.deadlineAt?.toISOString() ?? null,
      policyId: entity.policyId,
      requestId: entity.requestId,
      statusAfter: entity.statusAfter,
      escalationLevelAfter: entity.escalationLevelAfter,
    };
  }
}
