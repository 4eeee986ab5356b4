/**
 * Observability in every Lambda (API, maintenance, sweeper), set up once with AWS Lambda Powertools: one structured log line per request (request id,
 * operation, stream, task, outcome) and CloudWatch metrics in Embedded Metric Format, per operation:
 * `Calls`, `Errors` (also per error type) and `OutOfOrderUpdates`.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Logger } from './logger';
import { requestLog, type Telemetry } from './telemetry';

export const SERVICE_NAME = 'migration-hub';
export const METRICS_NAMESPACE = 'MigrationHub';

export function powertoolsLogger(): Logger {
  const logger = new PowertoolsLogger({ serviceName: SERVICE_NAME });
  return {
    info: (message, fields) => logger.info(message, { ...fields }),
    warn: (message, fields) => logger.warn(message, { ...fields }),
    error: (message, fields) => logger.error(message, { ...fields }),
  };
}

export function lambdaTelemetry(logger: Logger): Telemetry {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  const log = requestLog(logger);
  /** A metric with its own dimensions, flushed at once (no end-of-invocation publish to forget). */
  const count = (name: string, dimensions: Record<string, string>) => {
    const metric = metrics.singleMetric();
    for (const [key, value] of Object.entries(dimensions)) metric.addDimension(key, value);
    metric.addMetric(name, MetricUnit.Count, 1);
  };
  return {
    requestFinished(record) {
      log.requestFinished(record);
      const operation = record.operation ?? 'Unrouted';
      count('Calls', { Operation: operation });
      if (record.errorType) count('Errors', { Operation: operation, ErrorType: record.errorType });
      if (record.outOfOrder) count('OutOfOrderUpdates', { Operation: operation });
    },
  };
}
