import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  CASE_ACTION_TYPES,
  ESCALATION_LEVELS,
  ESCALATION_TARGETS,
  MAX_TEXT_LENGTH,
  POLICY_DECISIONS,
  type CaseActionType,
  type EscalationLevel,
  type EscalationTarget,
  type PolicyDecision,
} from '@libs/domain';

const NOT_BLANK = /\S/;

/** A required free-text field: a string, not blank, at most MAX_TEXT_LENGTH characters. */
function Text(description: string, example: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ description, example, maxLength: MAX_TEXT_LENGTH })(target, key);
    IsDefined()(target, key);
    IsString()(target, key);
    MaxLength(MAX_TEXT_LENGTH)(target, key);
    Matches(NOT_BLANK, { message: `${String(key)} must not be blank` })(target, key);
  };
}

function OptionalText(description: string, example: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description, example, maxLength: MAX_TEXT_LENGTH })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(MAX_TEXT_LENGTH)(target, key);
    Matches(NOT_BLANK, { message: `${String(key)} must not be blank` })(target, key);
  };
}

export class HandleLocallyDto {
  @Text(
    'Cách hướng dẫn, xử lý tại xã / How it is being handled locally',
    'Đã hướng dẫn UBND xã áp dụng Nghị định 33/2023/NĐ-CP.',
  )
  note!: string;
}

export class EscalateDto {
  @ApiProperty({
    enum: ESCALATION_TARGETS,
    description: 'Xin ý kiến Thủ trưởng đơn vị hay Tổ công tác / Ask the unit head or the Working Group',
  })
  @IsDefined()
  @IsIn(ESCALATION_TARGETS, { message: `target must be one of: ${ESCALATION_TARGETS.join(', ')}` })
  target!: EscalationTarget;

  @Text('Nội dung xin ý kiến / The question', 'Công chức văn phòng - thống kê dôi dư được bố trí thế nào?')
  question!: string;
}

export class RequestInfoDto {
  @Text(
    'Thông tin cần bổ sung / What information is needed',
    'Đề nghị gửi quyết định thành lập xã và danh sách công chức.',
  )
  question!: string;
}

export class ProvideInfoDto {
  @Text('Thông tin bổ sung / The information', 'Gửi kèm Quyết định số 12/QĐ-UBND ngày 01/07/2025.')
  information!: string;
}

export class AnswerDto {
  @Text(
    'Ý kiến chỉ đạo / The direction given',
    'Bố trí theo vị trí việc làm đã được phê duyệt; số dôi dư thực hiện theo Nghị định 178/2024/NĐ-CP.',
  )
  text!: string;

  @OptionalText('Căn cứ pháp lý / Legal basis', 'Nghị định 178/2024/NĐ-CP')
  legalBasis?: string;

  @ApiProperty({ description: 'Công bố thành hướng dẫn chung / Publish as guidance', example: true })
  @IsDefined()
  @IsBoolean()
  publishAsGuidance!: boolean;
}

export class ForwardDto {
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS, description: 'Cấp chuyển đến / Level to forward to' })
  @IsOptional()
  @IsIn(ESCALATION_LEVELS, { message: `toLevel must be one of: ${ESCALATION_LEVELS.join(', ')}` })
  toLevel?: EscalationLevel;

  @ApiPropertyOptional({
    description: 'Đơn vị chuyển đến (ở cấp Thủ trưởng đơn vị) / Unit to forward to',
    example: 'CCVC',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: 'toUnitCode must be a unit code such as "CCVC"' })
  toUnitCode?: string;

  @Text('Lý do chuyển / Why it is forwarded', 'Nội dung thuộc lĩnh vực tiền lương.')
  reason!: string;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid', description: 'Người được giao / The new assignee' })
  @IsDefined()
  @IsUUID('all', { message: 'assigneeUserId must be a user id (UUID)' })
  assigneeUserId!: string;

  @ApiPropertyOptional({ description: 'Đơn vị của người được giao / Their unit', example: 'CQDP' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,32}$/, { message: 'unitCode must be a unit code such as "CQDP"' })
  unitCode?: string;

  @OptionalText('Lý do / Reason', 'Chuyên viên phụ trách địa bàn.')
  reason?: string;
}

export class ResolveDto {
  @Text('Kết quả xử lý tại xã / The outcome at the commune', 'Xã đã bố trí lại công chức theo hướng dẫn.')
  outcome!: string;
}

export class ProposePolicyDto {
  @Text('Đề xuất, kiến nghị / The proposal', 'Đề nghị bổ sung quy định về bố trí công chức dôi dư sau sắp xếp.')
  proposal!: string;
}

export class DecidePolicyDto {
  @ApiProperty({ enum: POLICY_DECISIONS, description: 'Quyết định / Decision' })
  @IsDefined()
  @IsIn(POLICY_DECISIONS, { message: `decision must be one of: ${POLICY_DECISIONS.join(', ')}` })
  decision!: PolicyDecision;

  @OptionalText('Ghi chú / Note', 'Giao Vụ Công chức - Viên chức nghiên cứu.')
  note?: string;
}

export class WithdrawDto {
  @Text('Lý do rút / Why the case is withdrawn', 'Xã đã tự giải quyết.')
  reason!: string;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid', description: 'Vụ việc được giữ lại / The case this one duplicates' })
  @IsDefined()
  @IsUUID('all', { message: 'intoCaseId must be a case id (UUID)' })
  intoCaseId!: string;
}

export class ReopenDto {
  @Text('Lý do mở lại / Why the case is reopened', 'Phát sinh vướng mắc mới khi thực hiện.')
  reason!: string;
}

export class CaseActionResultView {
  @ApiProperty({ example: 'escalated' }) status!: string;
  @ApiProperty({ enum: ESCALATION_LEVELS, nullable: true }) level!: EscalationLevel | null;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'Hạn trả lời / Answer deadline in force' })
  answerDeadline!: string | null;
  @ApiProperty({ example: 3, description: 'Sự kiện cuối cùng được ghi / Last event recorded' }) eventSequence!: number;
}

export class ActionRefusalView {
  @ApiProperty({ example: 'NOT_ASSIGNED_LEVEL', description: 'Mã từ chối ổn định / Stable refusal code' })
  code!: string;
  @ApiProperty({ example: 'Chỉ Thủ trưởng đơn vị được giao mới được trả lời.' }) messageVi!: string;
  @ApiProperty({ example: 'Only the head of the unit the case is routed to may answer.' }) messageEn!: string;
}

export class CaseActionAvailabilityView {
  @ApiProperty({ enum: CASE_ACTION_TYPES, example: 'escalate' }) type!: CaseActionType;
  @ApiProperty({ description: 'Bạn được thực hiện lúc này / You may take it now' }) allowed!: boolean;
  @ApiProperty({ type: ActionRefusalView, nullable: true, description: 'Lý do không được / Why not' })
  refusal!: ActionRefusalView | null;
  @ApiProperty({ example: 'escalate', description: 'POST /api/cases/{id}/<path> performs it' }) path!: string;
}

export class CaseActionsView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Sự kiện cuối cùng đã ghi / Last recorded event the answer is based on' })
  lastEventSequence!: number;
  @ApiProperty({ type: [CaseActionAvailabilityView] }) actions!: CaseActionAvailabilityView[];
}

/** Someone a case can be reassigned to: an active account that may answer at the case's level (and unit). */
export class AssigneeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'CCVC' }) unitCode!: string | null;
  @ApiProperty({ type: [String], example: ['working_group'] }) roles!: string[];
}
