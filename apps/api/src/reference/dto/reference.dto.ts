import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '@libs/reference';
import type {
  CommuneMatch,
  CommuneSearchHit,
  CommuneUnitType,
  FormerNameView,
  MinistryFieldView,
  MinistryUnitView,
  ProvincePlaceType,
  ProvinceView,
} from '@libs/reference';

const NOT_BLANK = /\S/;
const UNIT_CODE = /^[A-Za-z0-9_-]{1,32}$/;

export class SearchCommunesQuery {
  @ApiProperty({
    description:
      'Tên (có dấu hoặc không), mã, hoặc tên đơn vị cũ trước 1/7/2025 / A name with or without diacritics, a code, ' +
      'or a former (pre-July-2025) name',
    example: 'hoan kiem',
    maxLength: 100,
  })
  @IsDefined()
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'q must not be blank' })
  q!: string;

  @ApiPropertyOptional({ description: 'Chỉ trong tỉnh này / Only in this province', example: '01' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{2}$/, { message: 'province must be a two-digit province code, e.g. "01"' })
  province?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_LIMIT)
  limit?: number;
}

export class FieldCodeParams {
  @ApiProperty({ description: 'Mã lĩnh vực / Field code', example: 'civil_service' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'code must be a field code such as "civil_service"' })
  code!: string;
}

export class SetFieldRoutingDto {
  @ApiProperty({
    description: 'Đơn vị trả lời các vụ việc của lĩnh vực này / Unit that answers escalations in this field',
    example: 'CCVC',
  })
  @IsDefined()
  @IsString()
  @Matches(UNIT_CODE, { message: 'unitCode must be a unit code such as "CCVC"' })
  unitCode!: string;
}

export class ProvinceRefView {
  @ApiProperty({ example: '01' }) code!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) name!: string;
  @ApiProperty({ example: 'Hà Nội' }) shortName!: string;
  @ApiProperty({ enum: ['Thành phố Trung Ương', 'Tỉnh'], example: 'Thành phố Trung Ương' })
  placeType!: ProvincePlaceType;
  @ApiProperty({ description: 'Số xã, phường, đặc khu hiện hành / Current communes', example: 126 })
  communeCount!: number;

  static from(province: ProvinceView): ProvinceRefView {
    return {
      code: province.code,
      name: province.name,
      shortName: province.shortName,
      placeType: province.placeType,
      communeCount: province.communeCount,
    };
  }
}

export class FormerUnitView {
  @ApiProperty({ type: String, nullable: true, example: '00007', description: 'Mã cũ / Pre-2025 code' })
  code!: string | null;
  @ApiProperty({ example: 'Phường Hàng Bạc' }) wardName!: string;
  @ApiProperty({ example: 'Quận Hoàn Kiếm' }) districtName!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) provinceName!: string;
  @ApiProperty({ example: 'trước đây là Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội' }) noteVi!: string;
  @ApiProperty({ example: 'formerly Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội' }) noteEn!: string;

  static from(former: FormerNameView): FormerUnitView {
    return {
      code: former.code,
      wardName: former.wardName,
      districtName: former.districtName,
      provinceName: former.provinceName,
      noteVi: former.note.vi,
      noteEn: former.note.en,
    };
  }
}

export class CommuneHitView {
  @ApiProperty({ example: '00070' }) code!: string;
  @ApiProperty({ example: 'Phường Hoàn Kiếm' }) name!: string;
  @ApiProperty({ enum: ['xa', 'phuong', 'dac_khu'], example: 'phuong' }) unitType!: CommuneUnitType;
  @ApiProperty({ example: '01' }) provinceCode!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) provinceName!: string;
  @ApiProperty({
    enum: ['code', 'name', 'former_name', 'former_code'],
    description: 'Tìm thấy theo / Found by',
    example: 'former_name',
  })
  match!: CommuneMatch;
  @ApiProperty({
    description: 'Hiển thị cho người dùng / For display, e.g. "Phường Hoàn Kiếm (trước đây là Phường Hàng Bạc, …)"',
    example: 'Phường Hoàn Kiếm, Thành phố Hà Nội (trước đây là Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội)',
  })
  label!: string;
  @ApiProperty({
    type: FormerUnitView,
    nullable: true,
    description: 'Đơn vị cũ khớp với từ tìm kiếm / The former unit that matched the search',
  })
  formerly!: FormerUnitView | null;
  @ApiProperty({ description: 'Đã bị bãi bỏ (chỉ gặp khi tìm đúng mã cũ) / No longer current (only by exact code)' })
  retired!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Mã thay thế / Code that replaced it' })
  replacedByCode!: string | null;

  static from(hit: CommuneSearchHit): CommuneHitView {
    const place = `${hit.name}, ${hit.provinceName}`;
    return {
      code: hit.code,
      name: hit.name,
      unitType: hit.unitType,
      provinceCode: hit.provinceCode,
      provinceName: hit.provinceName,
      match: hit.match,
      label: hit.formerly ? `${place} (${hit.formerly.note.vi})` : place,
      formerly: hit.formerly ? FormerUnitView.from(hit.formerly) : null,
      retired: hit.retiredAt !== null,
      replacedByCode: hit.replacedByCode,
    };
  }
}

export class UnitRefView {
  @ApiProperty({ example: 'CCVC' }) code!: string;
  @ApiProperty({ example: 'Vụ Công chức - Viên chức' }) nameVi!: string;
  @ApiProperty({ example: 'Department of Civil Servants and Public Employees' }) nameEn!: string;

  static from(unit: MinistryUnitView): UnitRefView {
    return { code: unit.code, nameVi: unit.nameVi, nameEn: unit.nameEn };
  }
}

export class FieldRefView {
  @ApiProperty({ example: 'civil_service' }) code!: string;
  @ApiProperty({ example: 'Cán bộ, công chức, viên chức và công vụ' }) nameVi!: string;
  @ApiProperty({ example: 'Cadres, civil servants, public employees and public service' }) nameEn!: string;
  @ApiProperty({ type: UnitRefView, description: 'Đơn vị trả lời / Unit that answers escalations' })
  responsibleUnit!: UnitRefView;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) routingChangedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Người đổi gần nhất / Who changed it last (user id)' })
  routingChangedBy!: string | null;

  static from(field: MinistryFieldView): FieldRefView {
    return {
      code: field.code,
      nameVi: field.nameVi,
      nameEn: field.nameEn,
      responsibleUnit: UnitRefView.from(field.responsibleUnit),
      routingChangedAt: field.routingChangedAt?.toISOString() ?? null,
      routingChangedBy: field.routingChangedBy,
    };
  }
}
