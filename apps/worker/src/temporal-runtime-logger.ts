import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { withFields } from '@libs/config/logger';

/**
 * The Temporal SDK's logger (worker state, workflow `log` calls, activity start/completion/failure) writing through
 * the process's app logger, so its lines have the same format (one JSON object per line with LOG_FORMAT=json) and
 * carry the request and case ids. `level` (TEMPORAL_SDK_LOG_LEVEL) filters first, then LOG_LEVEL.
 */
export function temporalRuntimeLogger(appLogger: LoggerService, level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const { sdkComponent, ...meta } = entry.meta ?? {};
    const context = typeof sdkComponent === 'string' ? `Temporal/${sdkComponent}` : 'Temporal';
    const message = withFields(entry.message, meta);
    switch (entry.level) {
      case 'TRACE':
        appLogger.verbose?.(message, context);
        break;
      case 'DEBUG':
        appLogger.debug?.(message, context);
        break;
      case 'INFO':
        appLogger.log(message, context);
        break;
      case 'WARN':
        appLogger.warn(message, context);
        break;
      case 'ERROR':
        appLogger.error(message, undefined, context);
        break;
    }
  });
}
