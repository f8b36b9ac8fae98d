import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** One Temporal payload in proto3 JSON: every bytes field (data and each metadata value) base64. */
export class CodecPayloadDto {
  @ApiPropertyOptional({
    description: 'Siêu dữ liệu, giá trị base64 / Metadata, each value base64',
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' },
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
  })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Dữ liệu (base64) / Data (base64)', format: 'byte' })
  @IsOptional()
  @IsBase64()
  data?: string;
}

/** The Temporal codec server protocol's body, in both directions: `{ payloads: [...] }`. */
export class CodecPayloadsDto {
  @ApiProperty({ type: [CodecPayloadDto], description: 'Tối đa 1000 / At most 1000' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads!: CodecPayloadDto[];
}
