import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { assertWorkerSecrets, formatMetricsAddress, loadAppConfig } from '@libs/config';
import { createAppLogger } from '@libs/config/logger';
import { startTracing, stopTracing } from '@libs/observability/tracing';
import { CASE_METRICS, REMINDER_LAG_BUCKETS_MS } from '@activities/case-metrics';
import { TemporalWorkerService } from './temporal-worker.service';
import { temporalRuntimeLogger } from './temporal-runtime-logger';
import { WorkerModule } from './worker.module';

const appLogger = createAppLogger('worker');

async function bootstrap(): Promise<void> {
  process.title = 'case-engine-worker';
  const config = loadAppConfig();
  assertWorkerSecrets(config);
  // The process owns the signals, so that draining happens before the database connection closes.
  // Handlers go in first: a signal during start-up must not kill the process mid-way either.
  const sdkLogLevel = (process.env.TEMPORAL_SDK_LOG_LEVEL ?? 'INFO').toUpperCase() as LogLevel;
  const metricsAddress = config.metrics.worker;
  Runtime.install({
    shutdownSignals: [],
    logger: temporalRuntimeLogger(appLogger, sdkLogLevel),
    // One Prometheus listener for the SDK's metrics and the domain's (recorded through the SDK's meter).
    ...(metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: formatMetricsAddress(metricsAddress),
                histogramBucketOverrides: { [CASE_METRICS.reminderLag]: REMINDER_LAG_BUCKETS_MS },
              },
            },
          },
        }
      : {}),
  });
  if (metricsAddress) {
    new Logger('Metrics').log(`Prometheus metrics on http://${formatMetricsAddress(metricsAddress)}/metrics`);
  }
  if (await startTracing('case-engine-worker')) new Logger('Tracing').log('OpenTelemetry tracing on');
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
  await stopTracing();
}

bootstrap().catch((error: unknown) => {
  appLogger.fatal(error instanceof Error ? error : String(error), 'Bootstrap');
  process.exit(1);
});
