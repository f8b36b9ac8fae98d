import { DEFAULT_TASK_QUEUE } from '@libs/contracts';
import { loadAuthConfig, type AuthConfig } from './auth-config';
import { loadHttpConfig, type HttpConfig } from './http-config';
import { loadLogConfig, type LogLevelName } from './log-config';
import { metricsAddressFrom, type MetricsAddress } from './metrics-config';
import { loadPayloadEncryptionConfig, type PayloadEncryptionConfig } from './payload-encryption-config';
import { loadTemporalSecurityConfig, type TemporalSecurityConfig } from './temporal-config';

/**
 * Every setting the processes read, in one place. README.md lists them for operators.
 * Values come from the environment; the defaults suit a developer machine.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** How long an API call waits for Temporal before answering 503. */
    rpcTimeoutMs: number;
    /** How long an API call waits for the workflow to accept and record an action before answering 503. */
    updateTimeoutMs: number;
    /** TLS / mTLS and API key of the connections to Temporal (API and worker). */
    security: TemporalSecurityConfig;
    /**
     * Keys of the payload codec (AES-256-GCM) that encrypts everything the workflows carry. Null when none is set
     * outside development and test: the API and the worker refuse to start.
     */
    payloadEncryption: PayloadEncryptionConfig | null;
  };
  api: {
    port: number;
    host: string;
    publicUrl: string;
  };
  worker: {
    /** How long the worker lets in-flight activities finish after SIGTERM/SIGINT. */
    shutdownGraceMs: number;
    /** A prebuilt workflow bundle (production images); otherwise the worker bundles at start. */
    workflowBundlePath: string | null;
  };
  logFormat: 'json' | 'pretty';
  logLevel: LogLevelName;
  /** CORS, proxies, body size and housekeeping of the HTTP API. */
  http: HttpConfig;
  auth: AuthConfig;
  /** Named set of answer-target policies new cases run under (`default`; `fast-test` gives second-long deadlines). */
  slaPolicySet: string;
  /** Prometheus scrape listeners (null = none); README "Operations". */
  metrics: { api: MetricsAddress | null; worker: MetricsAddress | null };
  notifications: {
    /** Outgoing webhook that receives every notification (e.g. a mail or chat bridge); null = in-app only. */
    webhookUrl: string | null;
    /** Key of the HMAC-SHA256 `X-Signature` header on webhook requests; null = unsigned. */
    webhookSecret: string | null;
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function webhookUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const raw = env.NOTIFY_WEBHOOK_URL;
  if (!raw) return null;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

/** Also decides Strict-Transport-Security (https only), so it must be a real URL. */
function publicUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const raw = env.API_PUBLIC_URL;
  if (!raw) return null;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`API_PUBLIC_URL must be the http(s) URL clients use to reach the API, got "${raw}"`);
  }
  return raw;
}

/**
 * Fails closed: only an explicit `development` or `test` gets developer defaults (such as the public development-only
 * token secret). An unset NODE_ENV — a service started by systemd, pm2 or plain `npm run start:api` — is production.
 */
export function nodeEnvFrom(env: NodeJS.ProcessEnv): AppConfig['nodeEnv'] {
  const raw = (env.NODE_ENV ?? '').trim();
  if (raw === '') return 'production';
  if (raw === 'development' || raw === 'test' || raw === 'production') return raw;
  throw new Error(`NODE_ENV must be development, test or production (unset = production), got "${env.NODE_ENV}"`);
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/case_engine)');
  }
  const nodeEnv = nodeEnvFrom(env);
  const port = intFrom(env, 'API_PORT', 3000);
  const host = env.API_HOST ?? '127.0.0.1';
  const log = loadLogConfig(env);
  return {
    nodeEnv,
    databaseUrl,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
      rpcTimeoutMs: intFrom(env, 'TEMPORAL_RPC_TIMEOUT_MS', 5000),
      updateTimeoutMs: intFrom(env, 'TEMPORAL_UPDATE_TIMEOUT_MS', 20000),
      security: loadTemporalSecurityConfig(env, nodeEnv),
      payloadEncryption: loadPayloadEncryptionConfig(env, nodeEnv),
    },
    api: {
      port,
      host,
      publicUrl: publicUrlFrom(env) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    },
    worker: {
      shutdownGraceMs: intFrom(env, 'WORKER_SHUTDOWN_GRACE_MS', 30000),
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH || null,
    },
    logFormat: log.format,
    logLevel: log.level,
    http: loadHttpConfig(env, nodeEnv),
    auth: loadAuthConfig(env, nodeEnv),
    slaPolicySet: env.SLA_POLICY_SET || 'default',
    metrics: {
      api: metricsAddressFrom(env, 'API_METRICS_ADDRESS'),
      worker: metricsAddressFrom(env, 'WORKER_METRICS_ADDRESS'),
    },
    notifications: {
      webhookUrl: webhookUrlFrom(env),
      webhookSecret: env.NOTIFY_WEBHOOK_SECRET || null,
    },
  };
}

/**
 * The secrets the API cannot run without, checked before anything starts: a readable refusal naming the variable
 * rather than a failure deep inside dependency injection.
 */
export function assertApiSecrets(config: AppConfig): void {
  requireJwtSecret(config);
  requirePayloadEncryption(config);
}

/** The worker's counterpart of assertApiSecrets. */
export function assertWorkerSecrets(config: AppConfig): void {
  requirePayloadEncryption(config);
}

/** The payload keys, or the refusal to start that names the settings. */
export function requirePayloadEncryption(config: Pick<AppConfig, 'nodeEnv' | 'temporal'>): PayloadEncryptionConfig {
  if (config.temporal.payloadEncryption === null) {
    throw new Error(
      `TEMPORAL_PAYLOAD_KEYS is not set and NODE_ENV is "${config.nodeEnv}": refusing to start. Case data in Temporal ` +
        'is encrypted (AES-256-GCM); set TEMPORAL_PAYLOAD_KEYS=keyId:base64key[,…] (e.g. ' +
        '`2026-01:$(openssl rand -base64 32)`) or TEMPORAL_PAYLOAD_KEYS_FILE, and TEMPORAL_PAYLOAD_KEY_ID when several ' +
        'keys are listed, the same for the API and every worker. Only NODE_ENV=development or NODE_ENV=test fall back ' +
        'to a public development-only key.',
    );
  }
  return config.temporal.payloadEncryption;
}

/** AUTH_JWT_SECRET, or the refusal to start that names it. */
export function requireJwtSecret(config: AppConfig): string {
  if (config.auth.jwtSecret === null) {
    throw new Error(
      `AUTH_JWT_SECRET is not set and NODE_ENV is "${config.nodeEnv}": the API refuses to start. Set AUTH_JWT_SECRET ` +
        'to a random value of at least 32 characters, the same for every API process (e.g. `openssl rand -base64 48`); ' +
        'it signs access tokens and keys the list cursors and stored idempotent responses. Only NODE_ENV=development ' +
        'or NODE_ENV=test fall back to a public development-only secret.',
    );
  }
  return config.auth.jwtSecret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
