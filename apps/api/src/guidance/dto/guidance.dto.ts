import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { MINISTRY_FIELD_CODES } from '@libs/domain';

export class GuidanceSearchQuery {
  @ApiProperty({
    description: 'Từ khoá, có dấu hoặc không dấu / Words, with or without diacritics',
    example: 'chinh quyen dia phuong',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  q!: string;

  @ApiPropertyOptional({ description: 'Lĩnh vực / Field', enum: MINISTRY_FIELD_CODES })
  @IsOptional()
  @IsIn(MINISTRY_FIELD_CODES)
  field?: string;

  @ApiPropertyOptional({ default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class SuggestionsQuery {
  @ApiProperty({ description: 'Tiêu đề đang nhập / Title typed so far' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ description: 'Mô tả đang nhập / Description typed so far' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ description: 'Tỉnh của vụ việc (ưu tiên trùng lặp cùng tỉnh) / Province of the case' })
  @IsOptional()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit province code, e.g. "01"' })
  provinceCode?: string;
}

export class EditGuidanceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000) question?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20000) answer?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) legalBasis?: string | null;
  @ApiPropertyOptional({ enum: MINISTRY_FIELD_CODES }) @IsOptional() @IsIn(MINISTRY_FIELD_CODES) field?: string;
  @ApiPropertyOptional({ description: 'Lý do sửa / Why' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class RetireGuidanceDto {
  @ApiProperty({ description: 'Lý do ngừng áp dụng / Why the entry is retired' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class LinkGuidanceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() relatedEntryId!: string;
}

export class PublishLessonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) question!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) answer!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) legalBasis?: string | null;
  @ApiPropertyOptional({ enum: MINISTRY_FIELD_CODES }) @IsOptional() @IsIn(MINISTRY_FIELD_CODES) field?: string;
  @ApiProperty({
    description: 'Nguồn, duy nhất (ví dụ báo cáo cuối đợt và số mục) / Unique source, e.g. "final-report:<id>#3"',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  sourceReference!: string;
}

export class PublishFinalReportLessonsDto {
  @ApiProperty({ format: 'uuid', description: 'Báo cáo tổng hợp cuối đợt / The final report' })
  @IsUUID()
  reportId!: string;

  @ApiProperty({ description: 'Câu hỏi mục hướng dẫn trả lời / The question the entry answers' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  question!: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) legalBasis?: string | null;
  @ApiPropertyOptional({ enum: MINISTRY_FIELD_CODES }) @IsOptional() @IsIn(MINISTRY_FIELD_CODES) field?: string;
}

export class LinkCaseDto {
  @ApiProperty({ format: 'uuid', description: 'Vụ việc có thể trùng / The possible duplicate' })
  @IsUUID()
  relatedCaseId!: string;
}
