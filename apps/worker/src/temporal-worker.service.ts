import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { readFile } from 'node:fs/promises';
import { activityFunctions } from '@activities/activities.module';
import { CASE_CLIENT } from '@activities/merge.activities';
import { WEBHOOK_OUTBOX_WORKFLOW_TYPE, webhookOutboxWorkflowId } from '@libs/contracts';
import { APP_CONFIG, describeTemporalSecurity, temporalConnectionOptions, type AppConfig } from '@libs/config';
import { activeTracing } from '@libs/observability/tracing';
import { bundleCaseWorkflows } from '@libs/temporal';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';
import { requestContextActivityInterceptor } from './request-context.activity-interceptor';

/**
 * Runs the Temporal worker inside the Nest application context. On shutdown it stops polling and waits for
 * in-flight activities (up to WORKER_SHUTDOWN_GRACE_MS) before the database connection closes.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker: Worker | null = null;
  private connection: NativeConnection | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    @Inject(CASE_CLIENT) private readonly client: Client,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { temporal, worker: workerConfig } = this.config;
    const workflowBundle = await this.loadWorkflowBundle(workerConfig.workflowBundlePath);
    if (!temporal.security.tls && this.config.nodeEnv === 'production') {
      this.logger.warn(
        'The connection to Temporal is not encrypted or authenticated: set TEMPORAL_TLS_* (mTLS) or TEMPORAL_API_KEY',
      );
    }
    this.connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
    const tracing = activeTracing();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      workflowBundle,
      // Fail closed: a payload not encrypted under a known key is refused (README, "Case data in Temporal").
      dataConverter: caseDataConverterFor(this.config),
      activities: activityFunctions({ get: (type) => this.moduleRef.get(type, { strict: false }) }),
      // The workflow side of request-id propagation (workflows/interceptors.ts) is part of the bundle.
      // With tracing on, activities run in spans continuing the workflow's (workflows/tracing-interceptors.ts).
      interceptors: {
        activity: [
          requestContextActivityInterceptor,
          ...(tracing
            ? [(ctx: Context) => ({ inbound: new tracing.temporal.OpenTelemetryActivityInboundInterceptor(ctx) })]
            : []),
        ],
      },
      // The workflow-side spans leave the sandbox through this sink; without tracing it is never called.
      sinks: tracing
        ? { exporter: tracing.temporal.makeWorkflowExporter(tracing.processor, tracing.resource) }
        : { exporter: { export: { fn: () => undefined } } },
      shutdownGraceTime: workerConfig.shutdownGraceMs,
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`Worker stopped with an error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    });
    this.logger.log(
      `Polling task queue "${temporal.taskQueue}" on ${temporal.address} (${temporal.namespace}; ` +
        `${describeTemporalSecurity(temporal.security)})`,
    );
    if (this.config.notifications.webhookUrl) await this.startWebhookOutbox();
  }

  /** The outbox workflow that delivers webhooks; one per task queue, started once (an existing run is kept). */
  private async startWebhookOutbox(): Promise<void> {
    const { taskQueue } = this.config.temporal;
    await this.client.workflow.start(WEBHOOK_OUTBOX_WORKFLOW_TYPE, {
      workflowId: webhookOutboxWorkflowId(taskQueue),
      taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    this.logger.log('Webhook outbox workflow running');
  }

  /** Resolves once the worker has stopped (after shutdown, or on a fatal error). */
  whenStopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Stops polling; in-flight activities and workflow tasks finish first. */
  requestShutdown(reason?: string): void {
    if (!this.worker || this.worker.getState() !== 'RUNNING') return;
    this.logger.log(`Draining worker${reason ? ` after ${reason}` : ''}: finishing in-flight activities`);
    this.worker.shutdown();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    this.requestShutdown();
    await this.running;
    await this.connection?.close();
    this.worker = null;
    this.logger.log('Worker drained');
  }

  private async loadWorkflowBundle(bundlePath: string | null): Promise<WorkflowBundle> {
    if (bundlePath) {
      this.logger.log(`Using prebuilt workflow bundle ${bundlePath}`);
      return { code: await readFile(bundlePath, 'utf8') };
    }
    const started = Date.now();
    const bundle = await bundleCaseWorkflows();
    this.logger.log(`Bundled workflows in ${Date.now() - started} ms`);
    return bundle;
  }
}
