import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseConnectivityError } from '@libs/database';
import { PasswordChecksBusyError } from '../auth/password-check-limiter';
import { TemporalUnavailableError } from '../temporal/temporal-client.service';
import { ApiError, messagesFor, type ErrorBody } from './api-error';
import { ERROR_MESSAGES, pickLanguage, type ErrorCode } from './error-catalog';
import { loggablePath } from './access-log';
import { requestIdOf } from './request-id';

/** Renders every failure in one JSON shape with a stable code, in the caller's language. Never leaks a stack. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const language = pickLanguage(request.headers['accept-language']);
    const requestId = requestIdOf(request);
    const body = this.toBody(exception, language);
    // A sign-in refused for lack of hashing capacity is load, not a fault: the access log line records it, and a
    // stack per refused request would let a flood of logins flood the logs too.
    if (body.statusCode >= 500 && !(exception instanceof PasswordChecksBusyError)) {
      const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(
        `${request.method} ${loggablePath(request.originalUrl)} → ${body.statusCode} ${body.code}`,
        detail,
      );
    }
    if (response.headersSent) return;
    response
      .status(body.statusCode)
      .setHeader('Content-Language', language)
      .json({ ...body, requestId });
  }

  private toBody(exception: unknown, language: 'vi' | 'en'): ErrorBody {
    const simple = (statusCode: number, code: ErrorCode): ErrorBody => ({
      statusCode,
      code,
      message: ERROR_MESSAGES[code][language],
    });
    if (exception instanceof ApiError) {
      return {
        statusCode: exception.getStatus(),
        code: exception.code,
        message: (exception.customMessages ?? messagesFor(exception.code))[language],
        ...(exception.fieldErrors
          ? {
              errors: exception.fieldErrors.map((error) => ({
                field: error.field,
                code: error.code,
                message: error.messages[language],
              })),
            }
          : {}),
      };
    }
    if (exception instanceof TemporalUnavailableError)
      return simple(HttpStatus.SERVICE_UNAVAILABLE, 'TEMPORAL_UNAVAILABLE');
    if (isDatabaseConnectivityError(exception)) return simple(HttpStatus.SERVICE_UNAVAILABLE, 'DATABASE_UNAVAILABLE');
    // Errors raised by Express's body parser before Nest sees the request.
    const parserType = (exception as { type?: unknown }).type;
    if (parserType === 'entity.too.large') return simple(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE');
    if (parserType === 'entity.parse.failed') return simple(HttpStatus.BAD_REQUEST, 'MALFORMED_JSON');
    if (parserType === 'charset.unsupported' || parserType === 'encoding.unsupported') {
      return simple(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (exception instanceof HttpException) {
      const status: number = exception.getStatus();
      if (status === 404) return simple(status, 'ROUTE_NOT_FOUND');
      // Nest turns body-parser's SyntaxError (bad JSON) and Express's URIError (bad %-encoding) into a plain 400.
      if (status === 400)
        return simple(status, /JSON/i.test(exception.message) ? 'MALFORMED_JSON' : 'MALFORMED_REQUEST');
      if (status === 413) return simple(status, 'PAYLOAD_TOO_LARGE');
      if (status === 415) return simple(status, 'UNSUPPORTED_MEDIA_TYPE');
      if (status < 500) return { statusCode: status, code: `HTTP_${status}`, message: exception.message };
    }
    return simple(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR');
  }
}
