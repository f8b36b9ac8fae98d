import { readFileSync } from 'node:fs';

/**
 * How the API and the worker authenticate to Temporal and protect the connection. Temporal holds every case's
 * history and accepts the updates that act on cases, so in production the frontend should require TLS with client
 * certificates (mTLS) or an API key, and these settings make the processes present them.
 */
export interface TemporalSecurityConfig {
  /** Null: plaintext gRPC (the dev server). */
  tls: TemporalTlsConfig | null;
  /** Sent as `Authorization: Bearer <key>` on every call (Temporal Cloud API keys, or an authorising proxy). */
  apiKey: string | null;
}

/** The shape both @temporalio/client and @temporalio/worker take as `tls`. */
export interface TemporalTlsConfig {
  /** CA that signed the server's certificate; unset: the system's trusted CAs. */
  serverRootCACertificate?: Buffer;
  /** The client certificate and key for mTLS. */
  clientCertPair?: { crt: Buffer; key: Buffer };
  /** Name checked against the server's certificate (and sent as SNI) instead of the host of TEMPORAL_ADDRESS. */
  serverNameOverride?: string;
}

function pemFile(env: NodeJS.ProcessEnv, name: string, kind: 'certificate' | 'private key'): Buffer | undefined {
  const file = env[name];
  if (!file) return undefined;
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`${name}: cannot read the ${kind} file "${file}" (${reason})`, { cause: error });
  }
  const marker = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  if (!marker.test(content.toString('latin1'))) {
    throw new Error(`${name}: "${file}" is not a PEM ${kind} (expected a "-----BEGIN …" block)`);
  }
  return content;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return null;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

function apiKeyFrom(env: NodeJS.ProcessEnv): string | null {
  const inline = env.TEMPORAL_API_KEY || null;
  const file = env.TEMPORAL_API_KEY_FILE || null;
  if (inline && file) throw new Error('Set TEMPORAL_API_KEY or TEMPORAL_API_KEY_FILE, not both');
  if (!file) return inline;
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`TEMPORAL_API_KEY_FILE: cannot read "${file}" (${reason})`, { cause: error });
  }
  if (key === '') throw new Error(`TEMPORAL_API_KEY_FILE: "${file}" is empty`);
  return key;
}

export function loadTemporalSecurityConfig(
  env: NodeJS.ProcessEnv,
  nodeEnv: 'development' | 'production' | 'test',
): TemporalSecurityConfig {
  const serverRootCACertificate = pemFile(env, 'TEMPORAL_TLS_CA_FILE', 'certificate');
  const crt = pemFile(env, 'TEMPORAL_TLS_CERT_FILE', 'certificate');
  const key = pemFile(env, 'TEMPORAL_TLS_KEY_FILE', 'private key');
  if ((crt === undefined) !== (key === undefined)) {
    throw new Error('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together (mTLS client certificate)');
  }
  const serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME?.trim() || undefined;
  const apiKey = apiKeyFrom(env);
  const anyTlsSetting = Boolean(serverRootCACertificate || crt || serverNameOverride);
  const explicit = flag(env, 'TEMPORAL_TLS');
  if (explicit === false && anyTlsSetting) {
    throw new Error('TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CA_FILE / _CERT_FILE / _SERVER_NAME; remove one');
  }
  // An API key is a bearer credential: never send it in clear text in production.
  const enabled = explicit ?? (anyTlsSetting || apiKey !== null);
  if (!enabled && apiKey !== null && nodeEnv === 'production') {
    throw new Error('TEMPORAL_API_KEY needs TLS in production: remove TEMPORAL_TLS=false');
  }
  if (!enabled) return { tls: null, apiKey };
  return {
    tls: {
      ...(serverRootCACertificate ? { serverRootCACertificate } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      ...(serverNameOverride ? { serverNameOverride } : {}),
    },
    apiKey,
  };
}

/** One line for the start-up log: what protects the Temporal connection (never the secrets themselves). */
export function describeTemporalSecurity(security: TemporalSecurityConfig): string {
  const parts: string[] = [];
  if (!security.tls) parts.push('plaintext');
  else {
    parts.push(security.tls.clientCertPair ? 'mTLS' : 'TLS');
    if (security.tls.serverRootCACertificate) parts.push('own CA');
    if (security.tls.serverNameOverride) parts.push(`server name ${security.tls.serverNameOverride}`);
  }
  if (security.apiKey) parts.push('API key');
  return parts.join(', ');
}

/**
 * Connection options for every Temporal connection a process opens (`Connection.lazy`/`connect` of
 * @temporalio/client and `NativeConnection.connect` of @temporalio/worker take the same shape), so none of them
 * can forget the TLS settings or the API key.
 */
export function temporalConnectionOptions(temporal: { address: string; security: TemporalSecurityConfig }): {
  address: string;
  tls: TemporalTlsConfig | false;
  apiKey?: string;
} {
  const { tls, apiKey } = temporal.security;
  return { address: temporal.address, tls: tls ?? false, ...(apiKey ? { apiKey } : {}) };
}
