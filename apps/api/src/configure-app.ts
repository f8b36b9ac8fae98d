import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { jsonOnlyMiddleware } from './common/json-only';
import { requestIdMiddleware } from './common/request-id';
import { createValidationPipe } from './common/validation';

export const API_PREFIX = 'api';
export const DOCS_PATH = `${API_PREFIX}/docs`;
export const BODY_LIMIT = '256kb';

/** Everything main.ts and the tests both need: the same pipeline in production and under test. */
export function configureApp(app: NestExpressApplication): void {
  app.setGlobalPrefix(API_PREFIX);
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      // Swagger UI serves inline scripts and styles.
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"] },
      },
    }),
  );
  app.use(jsonOnlyMiddleware);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
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
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
