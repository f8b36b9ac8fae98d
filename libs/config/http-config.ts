import { isIP } from 'node:net';

/** How the HTTP API meets browsers, reverse proxies and large bodies (read by the API; the worker ignores it). */
export interface HttpConfig {
  /**
   * Exact origins (`scheme://host[:port]`) whose browser pages may call the API. Empty: CORS is off (no CORS
   * headers; same-origin pages and non-browser clients are unaffected). `'*'`: any origin, refused in production.
   */
  corsOrigins: string[] | '*';
  /**
   * Express `trust proxy`: which hops may set X-Forwarded-For (and so the client address used by login throttling).
   * false: none, the TCP peer is the client. A number: that many proxies in front. A list: proxy addresses, CIDRs or
   * the names `loopback`, `linklocal`, `uniquelocal`.
   */
  trustProxy: false | number | string[];
  /** Largest JSON request body accepted, in bytes (413 PAYLOAD_TOO_LARGE above). */
  bodyLimitBytes: number;
  /** How often the API deletes ended refresh-token sessions and stale login throttle rows; 0 turns it off. */
  housekeepingIntervalSeconds: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
const MAX_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_TRUSTED_HOPS = 10;

function corsOriginsFrom(env: NodeJS.ProcessEnv, nodeEnv: string): string[] | '*' {
  const entries = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.includes('*')) {
    if (entries.length > 1) throw new Error('CORS_ORIGINS: "*" cannot be combined with other origins');
    if (nodeEnv === 'production') {
      throw new Error('CORS_ORIGINS=* is refused in production: list the exact origins of the web front ends');
    }
    return '*';
  }
  for (const entry of entries) {
    let origin: string | null;
    try {
      const url = new URL(entry);
      origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
    } catch {
      origin = null;
    }
    if (origin !== entry) {
      throw new Error(
        `CORS_ORIGINS: "${entry}" is not an exact origin; write scheme://host[:port] with no path or trailing slash` +
          (origin ? ` (did you mean "${origin}"?)` : ''),
      );
    }
  }
  return [...new Set(entries)];
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

function trustProxyFrom(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = (env.API_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') {
    throw new Error(
      'API_TRUST_PROXY=true would believe any client that sends X-Forwarded-For; give the number of proxies in ' +
        'front (e.g. 1) or their addresses (e.g. loopback or 10.0.0.0/8)',
    );
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > MAX_TRUSTED_HOPS) throw new Error(`API_TRUST_PROXY: at most ${MAX_TRUSTED_HOPS} hops, got ${raw}`);
    return hops === 0 ? false : hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!TRUST_PROXY_NAMES.has(entry) && !isAddressOrCidr(entry)) {
      throw new Error(
        `API_TRUST_PROXY: "${entry}" is neither a hop count, an IP address, a CIDR (10.0.0.0/8) nor one of ` +
          'loopback, linklocal, uniquelocal',
      );
    }
  }
  return entries;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 * 1024, mib: 1024 * 1024 };

function bodyLimitFrom(env: NodeJS.ProcessEnv): number {
  const raw = (env.API_BODY_LIMIT ?? '').trim();
  if (raw === '') return DEFAULT_BODY_LIMIT_BYTES;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  const bytes = match && unit ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024 || bytes > MAX_BODY_LIMIT_BYTES) {
    throw new Error(
      `API_BODY_LIMIT must be a size between 1kb and 16mb (e.g. 256kb, 1mb or a byte count), got "${raw}"`,
    );
  }
  return bytes;
}

function housekeepingIntervalFrom(env: NodeJS.ProcessEnv): number {
  const raw = (env.API_HOUSEKEEPING_INTERVAL_SECONDS ?? '').trim();
  if (raw === '') return 3600;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 7 * 24 * 3600) {
    throw new Error(`API_HOUSEKEEPING_INTERVAL_SECONDS must be 0 (off) or up to 604800 seconds, got "${raw}"`);
  }
  return value;
}

export function loadHttpConfig(env: NodeJS.ProcessEnv, nodeEnv: 'development' | 'production' | 'test'): HttpConfig {
  return {
    corsOrigins: corsOriginsFrom(env, nodeEnv),
    trustProxy: trustProxyFrom(env),
    bodyLimitBytes: bodyLimitFrom(env),
    housekeepingIntervalSeconds: housekeepingIntervalFrom(env),
  };
}
