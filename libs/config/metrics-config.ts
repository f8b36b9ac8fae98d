/** Where a metrics endpoint listens: a host (default 127.0.0.1) and a port. */
export interface MetricsAddress {
  host: string;
  port: number;
}

/**
 * `API_METRICS_ADDRESS` / `WORKER_METRICS_ADDRESS`: `host:port`, `[ipv6]:port` or a bare port (on 127.0.0.1).
 * Unset or empty = no metrics listener. Anything else stops start-up with a message naming the variable.
 */
export function metricsAddressFrom(env: NodeJS.ProcessEnv, variable: string): MetricsAddress | null {
  const raw = (env[variable] ?? '').trim();
  if (raw === '') return null;
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(raw);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable} must be host:port or a port (1-65535), e.g. 127.0.0.1:9464; got "${raw}"`);
  }
  return { host: match[1] ?? '127.0.0.1', port };
}

/** `host:port` as the Temporal SDK's Prometheus exporter takes it. */
export function formatMetricsAddress(address: MetricsAddress): string {
  return `${address.host}:${address.port}`;
}
