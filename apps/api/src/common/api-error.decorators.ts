import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

export class FieldErrorView {
  @ApiProperty({ example: 'communeCode' }) field!: string;
  @ApiProperty({ example: 'matches' }) code!: string;
  @ApiProperty({ example: 'communeCode: Sai định dạng.' }) message!: string;
}

export class ErrorView {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Mã lỗi ổn định / Stable error code' }) code!: string;
  @ApiProperty({ example: 'Dữ liệu gửi lên không hợp lệ. Vui lòng sửa các trường được nêu rồi gửi lại.' })
  message!: string;
  @ApiProperty({ type: [FieldErrorView], required: false }) errors?: FieldErrorView[];
  @ApiProperty({ required: false }) requestId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED, MALFORMED_JSON',
  401: 'UNAUTHENTICATED: missing, invalid or expired bearer token',
  403: 'ROLE_NOT_ALLOWED, PASSWORD_CHANGE_REQUIRED',
  404: 'CASE_NOT_FOUND',
  409: 'Conflict',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_LOGIN_ATTEMPTS',
  503: 'DATABASE_UNAVAILABLE, TEMPORAL_UNAVAILABLE',
};

/** Documents the error responses of an endpoint with the shared error schema. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorView, description: DESCRIPTIONS[status] ?? '' })),
  );
}
