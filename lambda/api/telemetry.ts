/**
 * One record per request: what was called, on which stream and task, how it ended and how long it took. The
 * handler fills it; a Telemetry sink turns it into a log line (everywhere) and metrics (in Lambda).
 */
import type { CallTarget, RequestFacts } from '../operations/operation';
import type { Logger } from './logger';

export interface RequestRecord extends Partial<CallTarget>, RequestFacts {
  readonly requestId: string;
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
