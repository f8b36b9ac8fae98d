import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { assertApiSecrets, loadAppConfig } from '@libs/config';
import { createAppLogger } from '@libs/config/logger';
import { startTracing, stopTracing } from '@libs/observability/tracing';
import { AppModule } from './app.module';
import { configureApp, DOCS_PATH } from './configure-app';

const appLogger = createAppLogger('api');

async function bootstrap(): Promise<void> {
  process.title = 'case-engine-api';
  const config = loadAppConfig();
  assertApiSecrets(config);
  // Before anything creates a Temporal client: its tracing interceptor is chosen then. Off unless configured.
  if (await startTracing('case-engine-api')) new Logger('Tracing').log('OpenTelemetry tracing on');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: appLogger });
  configureApp(app);
  // Close cleanly on SIGTERM/SIGINT (finish requests, release the database and Temporal connections), then exit 0.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    new Logger('Shutdown').log(`${signal}: closing the API`);
    app
      .close()
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          appLogger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen(config.api.port, config.api.host);
  const logger = new Logger('Bootstrap');
  logger.log(`API listening on ${config.api.publicUrl}/api (OpenAPI UI ${config.api.publicUrl}/${DOCS_PATH})`);
}

bootstrap().catch((error: unknown) => {
  appLogger.fatal(error instanceof Error ? error : String(error), 'Bootstrap');
  process.exit(1);
});
