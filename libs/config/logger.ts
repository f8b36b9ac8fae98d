import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import { inspect } from 'node:util';
import { loadLogConfig, type LogConfig, type LogLevelName } from './log-config';
import { currentRequestContext, type RequestContext } from './request-context';

const STRUCTURED = Symbol.for('case-engine.structured-log');

/** A message with machine-readable fields: JSON lines carry them as keys, pretty lines append them as `key=value`. */
export interface StructuredMessage {
  readonly [STRUCTURED]: true;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** False when the message already says everything the fields hold (pretty lines then show the message only). */
  readonly prettyFields: boolean;
}

export function withFields(
  message: string,
  fields: Record<string, unknown>,
  options: { prettyFields?: boolean } = {},
): StructuredMessage {
  return { [STRUCTURED]: true, message, fields, prettyFields: options.prettyFields ?? true };
}

function isStructured(message: unknown): message is StructuredMessage {
  return typeof message === 'object' && message !== null && STRUCTURED in message;
}

/** Keys every JSON line owns; fields with these names are dropped rather than allowed to falsify a line. */
const RESERVED_KEYS = new Set(['time', 'level', 'process', 'context', 'message', 'stack', 'pid']);

/** Nest's `log` is what everyone else calls `info`. */
const LEVEL_NAMES: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

const NEST_LEVELS: Record<LogLevelName, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** One line to write, before formatting. */
export interface LogEntry {
  time: Date;
  level: LogLevel;
  process: string;
  context?: string;
  message: unknown;
  stack?: string;
  request?: Partial<RequestContext>;
}

/** JSON.stringify that survives what log calls carry: errors, bigints, cycles. */
function toJson(value: unknown): string {
  const ancestors: object[] = [];
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    if (typeof item === 'bigint') return item.toString();
    if (item instanceof Error) return item.stack ?? `${item.name}: ${item.message}`;
    if (typeof item !== 'object' || item === null) return item;
    // `this` is the object holding `item`: unwind the ancestor stack to it, then look for a cycle.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(item)) return '[Circular]';
    ancestors.push(item);
    return item;
  });
}

function requestIds(request: Partial<RequestContext> | undefined): Record<string, string> {
  const ids: Record<string, string> = {};
  if (request?.requestId) ids.requestId = request.requestId;
  if (request?.userId) ids.userId = request.userId;
  if (request?.caseId) ids.caseId = request.caseId;
  return ids;
}

/**
 * `{time, level, process, context, message, requestId?, userId?, caseId?, ...fields, stack?}` on one line. Fields
 * may refine the ids (an SDK log line knows its own request) but never the line's own keys.
 */
export function formatJsonLine(entry: LogEntry): string {
  const line: Record<string, unknown> = {
    time: entry.time.toISOString(),
    level: LEVEL_NAMES[entry.level],
    process: entry.process,
  };
  if (entry.context) line.context = entry.context;
  let message = entry.message;
  let stack = entry.stack;
  let fields: Readonly<Record<string, unknown>> = {};
  if (isStructured(message)) {
    fields = message.fields;
    message = message.message;
  } else if (message instanceof Error) {
    stack ??= message.stack;
    message = message.message;
  }
  line.message = message;
  Object.assign(line, requestIds(entry.request));
  for (const [key, value] of Object.entries(fields)) {
    if (!RESERVED_KEYS.has(key) && value !== undefined) line[key] = value;
  }
  if (stack) line.stack = stack;
  return toJson(line);
}

function prettyValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return inspect(value, { breakLength: Infinity, compact: true, depth: 3 });
}

/** The text after the prefix of a pretty line: message, then `key=value` fields, then the stack on its own lines. */
export function formatPrettyMessage(message: unknown, stack?: string): string {
  let text: string;
  if (isStructured(message)) {
    const fields = message.prettyFields
      ? Object.entries(message.fields)
          .filter(([key, value]) => value !== undefined && key !== 'requestId')
          .map(([key, value]) => `${key}=${prettyValue(value)}`)
      : [];
    text = [message.message, ...fields].join(' ');
  } else if (message instanceof Error) {
    text = message.message;
    stack ??= message.stack;
  } else {
    text = typeof message === 'string' ? message : inspect(message, { breakLength: Infinity, compact: true });
  }
  return stack ? `${text}\n${stack}` : text;
}

/** The request id as it appears in pretty prefixes: long enough to grep, short enough to read. */
export function shortRequestId(requestId: string): string {
  return requestId.length > 8 ? requestId.slice(0, 8) : requestId;
}

export interface AppLoggerOptions {
  format: 'json' | 'pretty';
  level: LogLevelName;
  /** Where lines go; standard output and error by default (tests capture them here). */
  write?: (line: string, stream: 'stdout' | 'stderr') => void;
  colors?: boolean;
}

/**
 * Nest's ConsoleLogger with the request context on every line: JSON lines for log shippers, prefixed lines (with
 * the short request id) for people. Used by the API and the worker, including for Nest's own messages.
 */
export class AppLogger extends ConsoleLogger {
  private readonly processName: string;
  private readonly sink: (line: string, stream: 'stdout' | 'stderr') => void;

  constructor(processName: string, options: AppLoggerOptions) {
    const consoleOptions: ConsoleLoggerOptions = {
      prefix: processName,
      json: options.format === 'json',
      colors: options.format === 'pretty' && (options.colors ?? false),
      timestamp: false,
      logLevels: NEST_LEVELS[options.level],
    };
    super(consoleOptions);
    this.processName = processName;
    this.sink = options.write ?? ((line, stream) => process[stream].write(line));
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    const request = currentRequestContext();
    const stack = typeof errorStack === 'string' && errorStack !== '' ? errorStack : undefined;
    for (const message of messages) {
      const entry: LogEntry = {
        time: new Date(),
        level: logLevel,
        process: this.processName,
        context,
        message,
        stack,
        request,
      };
      const line = this.options.json ? formatJsonLine(entry) : this.formatPrettyLine(entry);
      this.sink(`${line}\n`, writeStreamType ?? 'stdout');
    }
  }

  /** The stack is part of the line (JSON) or follows the message in the same write (pretty), never on its own. */
  protected override printStackTrace(): void {}

  private formatPrettyLine(entry: LogEntry): string {
    const structuredIds = isStructured(entry.message) ? entry.message.fields : {};
    const requestId =
      typeof structuredIds.requestId === 'string' ? structuredIds.requestId : (entry.request?.requestId ?? null);
    const prefix = this.colorize(`[${this.processName}] ${process.pid}  - `, entry.level);
    const level = this.colorize(entry.level.toUpperCase().padStart(7, ' '), entry.level);
    const id = requestId ? `[${shortRequestId(requestId)}] ` : '';
    return `${prefix}${this.getTimestamp()} ${level} ${id}${this.formatContext(entry.context ?? '')}${formatPrettyMessage(
      entry.message,
      entry.stack,
    )}`;
  }
}

/**
 * The process's logger: JSON lines when LOG_FORMAT=json (the default in production), colourful prefixed lines
 * otherwise; LOG_LEVEL sets how much.
 */
export function createAppLogger(processName: string, overrides: Partial<AppLoggerOptions> = {}): AppLogger {
  let config: LogConfig;
  try {
    config = loadLogConfig();
  } catch {
    // A bad LOG_LEVEL is reported (through this logger) when the configuration is loaded, which stops the process.
    config = loadLogConfig({ NODE_ENV: process.env.NODE_ENV, LOG_FORMAT: process.env.LOG_FORMAT });
  }
  return new AppLogger(processName, {
    ...config,
    colors: config.format === 'pretty' && Boolean(process.stdout.isTTY),
    ...overrides,
  });
}
