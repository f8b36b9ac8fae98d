import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';
import { APP_CONFIG, describeTemporalSecurity, temporalConnectionOptions, type AppConfig } from '@libs/config';
import { activeTracing } from '@libs/observability/tracing';
import { caseDataConverterFor } from '@libs/temporal/payload-codec';
import { RequestIdClientInterceptor } from './request-id.client-interceptor';

/** Raised when Temporal cannot be reached in time; the API answers 503 TEMPORAL_UNAVAILABLE. */
export class TemporalUnavailableError extends Error {
  constructor(
    cause?: unknown,
    /** Known not to have reached the server (a ping failed): nothing was done. */
    readonly unreachable = false,
  ) {
    super('Temporal is unreachable', { cause });
    this.name = 'TemporalUnavailableError';
  }
}

// gRPC status codes UNAVAILABLE (14) and DEADLINE_EXCEEDED (4).
const UNAVAILABLE_CODES = new Set<number>([14, 4]);

/**
 * The API's Temporal client. The connection is lazy, so the API starts while Temporal is down, and every call runs
 * under a deadline, so a request never hangs on an unreachable server.
 */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalClientService.name);
  readonly connection: Connection;
  readonly client: Client;
  /** When a call last got an answer from the server, and when one last could not reach it. */
  private lastContactAt = 0;
  private lastFailureAt = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { tls } = config.temporal.security;
    this.connection = Connection.lazy(temporalConnectionOptions(config.temporal));
    this.logger.log(`Temporal ${config.temporal.address}: ${describeTemporalSecurity(config.temporal.security)}`);
    if (!tls && config.nodeEnv === 'production') {
      this.logger.warn(
        'The connection to Temporal is not encrypted or authenticated: set TEMPORAL_TLS_* (mTLS) or TEMPORAL_API_KEY',
      );
    }
    const tracing = activeTracing();
    this.client = new Client({
      connection: this.connection,
      namespace: config.temporal.namespace,
      // Case data is encrypted before it leaves the process (README, "Case data in Temporal").
      dataConverter: caseDataConverterFor(config),
      interceptors: {
        workflow: [
          new RequestIdClientInterceptor(),
          // Starts, updates and signals as spans under the request's, their context passed in Temporal headers.
          ...(tracing ? [new tracing.temporal.OpenTelemetryWorkflowClientInterceptor()] : []),
        ],
      },
    });
  }

  get taskQueue(): string {
    return this.config.temporal.taskQueue;
  }

  /** Updates wait for the workflow to record the event, which takes an activity round trip or two. */
  get updateTimeoutMs(): number {
    return this.config.temporal.updateTimeoutMs;
  }

  /** Runs a Temporal call under the configured deadline, turning connectivity failures into TemporalUnavailableError. */
  async call<T>(fn: (client: Client) => Promise<T>, timeoutMs = this.config.temporal.rpcTimeoutMs): Promise<T> {
    try {
      const result = await this.connection.withDeadline(Date.now() + timeoutMs, () => fn(this.client));
      this.lastContactAt = Date.now();
      return result;
    } catch (error) {
      if (isTemporalConnectivityError(error)) {
        this.lastFailureAt = Date.now();
        throw new TemporalUnavailableError(error);
      }
      // Any other answer (a refusal, not found) came from the server.
      this.lastContactAt = Date.now();
      throw error;
    }
  }

  /**
   * A call that may legitimately take long (an update waits for the worker to record it), under `timeoutMs`. When the
   * server has not been reached lately, or the last attempt failed, it is pinged first (under the RPC timeout): an
   * unreachable server then answers at once (TemporalUnavailableError, nothing was done) instead of the caller waiting
   * out the whole deadline, and no call is left retrying in the background.
   */
  async callLong<T>(fn: (client: Client) => Promise<T>, timeoutMs: number): Promise<T> {
    if (!this.recentlyReached()) {
      await this.ping(this.config.temporal.rpcTimeoutMs).catch((error: unknown) => {
        throw new TemporalUnavailableError(error, true);
      });
    }
    try {
      return await this.call(fn, timeoutMs);
    } catch (error) {
      // No answer in time. If the server does not answer a ping either, it went away (the SDK kept retrying the
      // connection until the deadline): the call is reported as unreachable, not as an action waiting for a worker.
      if (error instanceof TemporalUnavailableError && isDeadlineExceeded(error)) {
        const reachable = await this.ping(this.config.temporal.rpcTimeoutMs).then(
          () => true,
          () => false,
        );
        if (!reachable) throw new TemporalUnavailableError(error, true);
      }
      throw error;
    }
  }

  private recentlyReached(): boolean {
    return this.lastFailureAt <= this.lastContactAt && Date.now() - this.lastContactAt < RECENT_CONTACT_MS;
  }

  async ping(timeoutMs = 2000): Promise<void> {
    await this.call(async () => {
      await this.connection.workflowService.getSystemInfo({});
    }, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection
      .close()
      .catch((error: unknown) => this.logger.warn(`closing Temporal connection: ${String(error)}`));
  }
}

/** A server answered within this long is taken to be reachable without a ping. */
const RECENT_CONTACT_MS = 30_000;

const CONNECT_FAILURE = /Failed to connect before the deadline|No connection established/i;

/**
 * The call reached Temporal but no answer came before its deadline (e.g. an update with no worker running), as
 * opposed to a server that could not be reached at all (then nothing was done).
 */
export function isDeadlineExceeded(error: unknown): boolean {
  if (error instanceof TemporalUnavailableError && error.unreachable) return false;
  let deadline = false;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.message === 'string' && CONNECT_FAILURE.test(candidate.message)) return false;
    if (candidate.code === 4) deadline = true;
    current = candidate.cause;
  }
  return deadline;
}

function isTemporalConnectivityError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (isGrpcServiceError(current) && UNAVAILABLE_CODES.has(current.code)) return true;
    const candidate = current as { code?: unknown; cause?: unknown; name?: unknown; message?: unknown };
    if (typeof candidate.code === 'number' && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      /Failed to connect before the deadline|No connection established/i.test(candidate.message)
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}
