import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorView } from '../common/api-error.decorators';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A create or action endpoint (or every endpoint of a controller) that honours the `Idempotency-Key` header (see
 * IdempotencyInterceptor), documented in OpenAPI. Put it above the endpoint's own @ApiErrorResponses so that its 409
 * description wins.
 */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'Khoá chống trùng khi gửi lại (1–200 ký tự ASCII nhìn thấy được, ví dụ một UUID mới cho mỗi yêu cầu). ' +
        `Gửi lại cùng khoá và cùng nội dung trong ${IDEMPOTENCY_KEY_TTL_HOURS} giờ nhận lại đúng kết quả lần đầu ` +
        '(tiêu đề Idempotent-Replayed: true), không tạo gì mới. / Retry key (1–200 visible ASCII characters, e.g. a ' +
        `fresh UUID per request). The same key and body within ${IDEMPOTENCY_KEY_TTL_HOURS} h get the first response ` +
        'again (header Idempotent-Replayed: true) and create nothing. Only successful responses are kept.',
      schema: { type: 'string', pattern: '^[!-~]{1,200}$', example: '6f1c2b8e-2d3f-4c55-9e1a-0d5b7f0e9a11' },
    }),
    ApiResponse({
      status: 409,
      type: ErrorView,
      description:
        'IDEMPOTENCY_REQUEST_IN_PROGRESS: the first request with this key is still running (retry after Retry-After ' +
        'seconds); or the conflict codes of the endpoint itself',
    }),
    ApiResponse({
      status: 422,
      type: ErrorView,
      description: 'IDEMPOTENCY_KEY_REUSED: this key was used for a different body or endpoint',
    }),
  );
}
