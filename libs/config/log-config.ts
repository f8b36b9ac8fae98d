/** How much the processes log: `info` is the default; `debug` adds health-check access lines and SDK details. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LogConfig {
  /** `json`: one JSON object per line (log shippers); `pretty`: prefixed lines for people. */
  format: 'json' | 'pretty';
  level: LogLevelName;
}

/** Read on its own (without DATABASE_URL) because the logger exists before anything else is configured. */
export function loadLogConfig(env: NodeJS.ProcessEnv = process.env): LogConfig {
  const production = env.NODE_ENV === 'production';
  const format = env.LOG_FORMAT === 'pretty' ? 'pretty' : env.LOG_FORMAT === 'json' ? 'json' : undefined;
  const rawLevel = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (rawLevel !== '' && !(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    format: format ?? (production ? 'json' : 'pretty'),
    level: rawLevel === '' ? 'info' : (rawLevel as LogLevelName),
  };
}
