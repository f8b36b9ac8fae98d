import { AppLogger } from '@libs/config/logger';
import { eventually } from '../support/stack';

/** One JSON log line as the app logger writes it. */
export interface LogLine {
  time: string;
  level: string;
  process: string;
  context?: string;
  message: string;
  requestId?: string;
  userId?: string;
  caseId?: string;
  stack?: string;
  [field: string]: unknown;
}

/** An app logger in JSON mode whose lines are kept in memory (every line must parse: that is part of the test). */
export class CapturedLog {
  readonly raw: string[] = [];
  readonly logger: AppLogger;

  constructor(processName = 'api', level: 'info' | 'debug' = 'debug') {
    this.logger = new AppLogger(processName, { format: 'json', level, write: (line) => this.raw.push(line) });
  }

  get lines(): LogLine[] {
    return this.raw.map((text) => JSON.parse(text) as LogLine);
  }

  /** Lines written from `mark` (a previous `raw.length`) on. */
  since(mark: number): LogLine[] {
    return this.lines.slice(mark);
  }

  /** Waits for the access-log line of a request (written when the response has finished). */
  accessLineOf(requestId: string): Promise<LogLine> {
    return eventually(() =>
      this.lines.find((line) => line.context === 'HTTP' && line.requestId === requestId && 'status' in line),
    );
  }
}

/** Parses a child process's output: every line must be one JSON object. */
export function parseJsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}
