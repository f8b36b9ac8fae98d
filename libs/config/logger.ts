import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { loadAppConfig } from './app-config';

/** JSON lines in production (one object per line, for log shippers); colourful prefixed lines for developers. */
export function createAppLogger(processName: string): LoggerService {
  let json = process.env.NODE_ENV === 'production';
  try {
    json = loadAppConfig().logFormat === 'json';
  } catch {
    // Configuration errors are reported by the module that needs the value.
  }
  return new ConsoleLogger({
    prefix: processName,
    json,
    colors: !json && Boolean(process.stdout.isTTY),
    timestamp: true,
  });
}
