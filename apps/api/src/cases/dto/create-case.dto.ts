import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_PRIORITIES, MINISTRY_FIELD_CODES, type CasePriority } from '@libs/domain';

const NOT_BLANK = /\S/;

/** An issue an official raises for a commune. */
export class CreateCaseDto {
  @ApiProperty({
    description: 'Tiêu đề ngắn của vấn đề / Short title',
    example: 'Chưa rõ thẩm quyền bổ nhiệm công chức văn phòng - thống kê',
    maxLength: 300,
  })
  @IsDefined()
  @IsString()
  @MaxLength(300)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({
    description: 'Mô tả chi tiết / What happened and what is unclear',
    example: 'Xã mới sáp nhập chưa có hướng dẫn về ...',
    maxLength: 20000,
  })
  @IsDefined()
  @IsString()
  @MaxLength(20000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiProperty({ description: 'Mã tỉnh/thành phố (2 chữ số) / Province code', example: '01', pattern: '^[0-9]{2}$' })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9]{2}$/, { message: 'provinceCode must be a two-digit province code, e.g. "01"' })
  provinceCode!: string;

  @ApiProperty({
    description: 'Mã xã/phường/đặc khu (5 chữ số) / Commune code',
    example: '00004',
    pattern: '^[0-9]{5}$',
  })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9]{5}$/, { message: 'communeCode must be a five-digit commune code, e.g. "00004"' })
  communeCode!: string;

  @ApiProperty({
    description: 'Lĩnh vực quản lý của Bộ / Field of the Ministry',
    enum: MINISTRY_FIELD_CODES,
    example: 'civil_service',
  })
  @IsDefined()
  @IsString()
  @IsIn(MINISTRY_FIELD_CODES, { message: `field must be one of: ${MINISTRY_FIELD_CODES.join(', ')}` })
  field!: string;

  @ApiProperty({ description: 'Mức độ ưu tiên / Priority', enum: CASE_PRIORITIES, example: 'normal' })
  @IsDefined()
  @IsString()
  @IsIn(CASE_PRIORITIES, { message: `priority must be one of: ${CASE_PRIORITIES.join(', ')}` })
  priority!: CasePriority;
}
