/**
 * One record per request: what was called, on which stream and task, how it ended and how long it took. The
 * handler fills it; a Telemetry sink turns it into a log line (everywhere) and metrics (in Lambda).
 */
import type { Logger } from './logger';

/** What an operation can report about a request beyond its answer. */
export interface RequestFacts {
  /** A notification older than the task's current state: kept as history only. */
  readonly outOfOrder?: boolean;
}

export interface RequestRecord extends RequestFacts {
  readonly requestId: string;
  /** The stream and task the call acted on, when it names them. */
  stream?: string;
  task?: string;
  operation?: string;
  statusCode?: number;
  /** The API error's type, for a request that failed. */
  errorType?: string;
  durationMs?: number;
}

export interface Telemetry {
  requestFinished(record: Readonly<RequestRecord>): void;
}

/** A log line per request. Never the Authorization header or the body: only names and outcomes. */
export function requestLog(logger: Logger): Telemetry {
  return {
    requestFinished: ({
      requestId,
      operation,
      stream,
      task,
      statusCode,
      errorType,
      outOfOrder,
      durationMs,
    }) =>
      logger.info('request', {
        requestId,
        operation,
        stream,
        task,
        statusCode,
        ...(errorType && { errorType }),
        ...(outOfOrder && { outOfOrder }),
        durationMs,
      }),
  };
}

export const noTelemetry: Telemetry = { requestFinished: () => undefined };
