import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { assertWorkerSecrets, loadAppConfig } from '@libs/config';
import { createAppLogger } from '@libs/config/logger';
import { TemporalWorkerService } from './temporal-worker.service';
import { temporalRuntimeLogger } from './temporal-runtime-logger';
import { WorkerModule } from './worker.module';

const appLogger = createAppLogger('worker');

async function bootstrap(): Promise<void> {
  process.title = 'case-engine-worker';
  assertWorkerSecrets(loadAppConfig());
  // The process owns the signals, so that draining happens before the database connection closes.
  // Handlers go in first: a signal during start-up must not kill the process mid-way either.
  const sdkLogLevel = (process.env.TEMPORAL_SDK_LOG_LEVEL ?? 'INFO').toUpperCase() as LogLevel;
  Runtime.install({ shutdownSignals: [], logger: temporalRuntimeLogger(appLogger, sdkLogLevel) });
  const logger = new Logger('Shutdown');
  let worker: TemporalWorkerService | null = null;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn(`${signal} again: exiting without waiting for in-flight activities`);
      process.exit(1);
    }
    signalled = signal;
    worker?.requestShutdown(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: appLogger });
  const service = app.get(TemporalWorkerService);
  worker = service;
  await app.init();
  // A signal that arrived while the worker was starting is honoured now.
  if (signalled) service.requestShutdown(signalled);
  await service.whenStopped();
  await app.close();
}

bootstrap().catch((error: unknown) => {
  appLogger.fatal(error instanceof Error ? error : String(error), 'Bootstrap');
  process.exit(1);
});
