import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CaseView } from '../../cases/dto/case.view';

export const MY_WORK_GROUP_DEFAULT = 100;
export const MY_WORK_GROUP_MAX = 500;

export class MyWorkQuery {
  @ApiPropertyOptional({
    description: 'Số vụ việc tối đa mỗi nhóm (khẩn nhất trước) / At most this many cases per group, most urgent first',
    minimum: 1,
    maximum: MY_WORK_GROUP_MAX,
    default: MY_WORK_GROUP_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MY_WORK_GROUP_MAX)
  limit?: number;
}

export class MyWorkItemView extends CaseView {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 9_000_000,
    description:
      'Thời gian làm việc còn lại đến hạn trả lời (ms), tính theo lịch làm việc của chính sách đang áp dụng; âm khi ' +
      'đã quá hạn; khi tạm dừng là phần còn lại lúc tạm dừng; null khi không có hạn / Working time left until the ' +
      'answer deadline (ms), in the calendar of the policy in force; negative when overdue; while paused, what was ' +
      'left when the clock stopped; null when no deadline runs',
  })
  workingTimeLeftMs!: number | null;

  @ApiProperty({
    description: 'Thời hạn đang tạm dừng (chờ bổ sung thông tin) / The clock is paused (awaiting information)',
  })
  deadlinePaused!: boolean;
}

export class MyWorkTotalsView {
  @ApiProperty({ example: 3 }) toAnswer!: number;
  @ApiProperty({ example: 1 }) needsMyInput!: number;
  @ApiProperty({ example: 7 }) myOpenCases!: number;
}

export class MyWorkView {
  @ApiProperty({
    type: [MyWorkItemView],
    description:
      'Cần cho ý kiến: Thủ trưởng đơn vị — vụ việc ở cấp đơn vị, chuyển đến đơn vị mình; Tổ công tác — vụ việc ở cấp ' +
      'Tổ công tác và vụ việc giao đích danh; Lãnh đạo Bộ — vụ việc ở cấp Lãnh đạo và đề xuất chính sách chờ quyết ' +
      'định. Hạn gần nhất trước, vụ việc tạm dừng sau, không có hạn cuối cùng. / To answer: unit heads — cases at ' +
      'the unit level routed to their unit; Working Group — cases at its level and cases assigned to them by name; ' +
      'leadership — cases at the top level and policy proposals awaiting a decision. Soonest deadline first, paused ' +
      'ones after, those without a deadline last.',
  })
  toAnswer!: MyWorkItemView[];

  @ApiProperty({
    type: [MyWorkItemView],
    description:
      'Công chức: vụ việc của mình đang chờ mình — bổ sung thông tin (awaiting_info) hoặc áp dụng ý kiến trả lời và ' +
      'kết thúc (answered) / Officials: own cases waiting on them — information requested, or an answer to apply',
  })
  needsMyInput!: MyWorkItemView[];

  @ApiProperty({
    type: [MyWorkItemView],
    description: 'Công chức: mọi vụ việc mình nêu còn đang mở / Officials: every open case they raised',
  })
  myOpenCases!: MyWorkItemView[];

  @ApiProperty({ type: MyWorkTotalsView, description: 'Tổng số mỗi nhóm (kể cả phần vượt limit) / Group sizes' })
  totals!: MyWorkTotalsView;
}
