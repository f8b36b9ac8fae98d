import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { activeTracing } from '@libs/observability/tracing';
import { accessLogMiddleware } from './common/access-log';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { CaseContextInterceptor } from './common/case-context.interceptor';
import { corsOptions } from './common/cors';
import { jsonOnlyMiddleware } from './common/json-only';
import { requestIdMiddleware } from './common/request-id';
import { securityHeadersMiddleware } from './common/security-headers';
import { tracingMiddleware } from './common/tracing';
import { createValidationPipe } from './common/validation';
import { ApiMetricsService } from './metrics/api-metrics.service';
import { serveWebConsole } from './web/serve-web-console';

export const API_PREFIX = 'api';
export const DOCS_PATH = `${API_PREFIX}/docs`;

/** Everything main.ts and the tests both need: the same pipeline in production and under test. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  // Behind a reverse proxy, request.ip (login throttling, session records) is the proxy unless it is trusted here.
  app.set('trust proxy', config.http.trustProxy);
  app.setGlobalPrefix(API_PREFIX);
  // Order matters: the request context first, so that everything after it (and its log lines) has the id.
  app.use(requestIdMiddleware);
  app.use(accessLogMiddleware);
  app.use(app.get(ApiMetricsService).middleware);
  const tracing = activeTracing();
  if (tracing) app.use(tracingMiddleware(tracing));
  const cors = corsOptions(config.http.corsOrigins);
  if (cors) app.enableCors(cors);
  app.use(securityHeadersMiddleware({ docsPath: DOCS_PATH, publicUrl: config.api.publicUrl }));
  app.use(jsonOnlyMiddleware);
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalInterceptors(new CaseContextInterceptor());

  serveWebConsole(app, API_PREFIX);
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}

/** The OpenAPI document of the API (also written to a file at build time for the web console's typed client). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hệ thống theo dõi, xin ý kiến và xử lý vướng mắc cấp xã / Commune case-escalation engine')
      .setDescription(
        'API của Bộ Nội vụ cho công chức tăng cường: nêu vấn đề, xin ý kiến, trả lời, theo dõi hạn xử lý.\n\n' +
          'Ministry of Home Affairs API for deployed officials: raise commune-level issues, escalate, answer, track deadlines. ' +
          'Errors share one shape: `{ statusCode, code, message, errors?, requestId }`; `Accept-Language: en` gives English messages.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Access token from POST /api/auth/login (or the single sign-on provider, when configured)',
      })
      .build(),
  );
}
