/**
 * 4. Cost: what a notification leaves behind, measured. The API handler runs in-process as the Lambda composes
 * it (Powertools logger and EMF metrics, writing to stdout as in Lambda), and every byte it writes during each
 * notification is counted; then the items the notifications added to the table are read back and sized as
 * DynamoDB sizes them.
 */
import { randomUUID } from 'node:crypto';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { itemSize } from 'dynalite/db';
import { StreamPermissions } from '../lambda/access/policy';
import { createApiHandler } from '../lambda/api/create-api-handler';
import { lambdaTelemetry, powertoolsLogger } from '../lambda/observability/powertools';
import { DynamoDbApplicationStore } from '../lambda/store/dynamodb-application-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { TTL_ATTRIBUTE } from '../lambda/store/table';
import { startEngine } from '../local/engine';
import { lambdaContext, proxyEvent } from '../test/support/api';
import { InMemoryHomeRegionStore } from '../test/support/in-memory-home-region-store';
import { call, handlerFor, notifyBody, REGION, STREAM, scratchDir, taskName } from './support';

/** DynamoDB's storage overhead per item (its indexing), billed on top of the item's own size. */
export const ITEM_OVERHEAD_BYTES = 100;

/**
 * The Lambda platform's own lines per invocation, in the text log format the template keeps: `START RequestId:
 * … Version: $LATEST` (about 70 B), `END RequestId: …` (about 55 B), `REPORT RequestId: … Duration … Billed
 * Duration … Memory Size … Max Memory Used …` (about 140 B, more on a cold start or with X-Ray). An assumption:
 * they are written by Lambda, not by anything the bench can run.
 */
export const LAMBDA_PLATFORM_LOG_BYTES = 300;

/** A trace header as Lambda sets it for every invocation, so the logger adds `xray_trace_id` as it does there. */
const TRACE_HEADER = 'Root=1-674a1b2c-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0';

/** Everything written to stdout and stderr while `work` runs, as lines. */
export async function captureOutput<T>(work: () => Promise<T> | T): Promise<{ result: T; lines: string[] }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
  }
  const previousTrace = process.env._X_AMZN_TRACE_ID;
  process.env._X_AMZN_TRACE_ID = TRACE_HEADER;
  try {
    const result = await work();
    return { result, lines: chunks.join('').split('\n').filter(Boolean) };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i] as typeof stream.write;
    });
    if (previousTrace === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = previousTrace;
  }
}

/** Bytes of log lines, as CloudWatch Logs ingests them (one event per line, without its newline). */
export function lineBytes(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
}

/** The bytes of the line a scheduled Lambda logs when a run ends (`logger.info(message, report)`). */
export async function scheduledLogBytes(message: string, report: object): Promise<number> {
  const logger = powertoolsLogger();
  const { lines } = await captureOutput(() => logger.info(message, { ...report }));
  return lineBytes(lines);
}

export interface FootprintResult {
  readonly notifications: number;
  /** Per notification, written by the API Lambda: its Powertools request line, and its EMF metric lines. */
  readonly loggerBytes: number;
  readonly metricBytes: number;
  readonly linesPerNotification: number;
  /** The body a notification answers, whose length the access log records. */
  readonly responseLength: number;
  /** Distinct metrics (name and dimension values) the notifications reported in EMF. */
  readonly metricSeries: readonly string[];
  /** Bytes DynamoDB keeps per notification, with the per-item overhead: items without TTL, and with it. */
  readonly keptBytes: number;
  readonly keptItems: number;
  readonly transientBytes: number;
  readonly transientItems: number;
}

type RawItem = Record<string, AttributeValue>;

export async function measureFootprint({
  notifications,
  tasks,
}: {
  notifications: number;
  tasks: number;
}): Promise<FootprintResult> {
  const dir = scratchDir('footprint');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  try {
    const store = new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName });
    const quiet = handlerFor(store);
    await call(quiet, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
    for (let i = 0; i < tasks; i += 1) {
      await call(quiet, 'ImportMigrationTask', {
        ProgressUpdateStream: STREAM,
        MigrationTaskName: taskName(i),
      });
    }
    const scan = async (): Promise<RawItem[]> => {
      const items: RawItem[] = [];
      let start: RawItem | undefined;
      do {
        const page = await engine.client.send(
          new ScanCommand({ TableName: engine.tableName, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    };
    const keyOf = (item: RawItem) => `${item.pk?.S}\u0000${item.sk?.S}`;
    const before = new Set((await scan()).map(keyOf));

    // The handler as lambda/api/handler.ts composes it, logging and reporting metrics as it does in Lambda.
    const logger = powertoolsLogger();
    const handler = createApiHandler({
      store,
      applications: new DynamoDbApplicationStore({ client: engine.client, tableName: engine.tableName }),
      homeRegion: REGION,
      // Never read: with a configured home region, no request reads a stored control.
      homeRegionControls: new InMemoryHomeRegionStore(),
      region: REGION,
      policy: new StreamPermissions(),
      logger,
      telemetry: lambdaTelemetry(logger),
    });
    const start = 1_796_000_000;
    const lines: string[] = [];
    let responseLength = 0;
    for (let i = 0; i < notifications; i += 1) {
      const requestId = randomUUID();
      const event = proxyEvent('NotifyMigrationTaskState', notifyBody(taskName(i % tasks), start + i), {
        requestId,
      });
      const captured = await captureOutput(() => handler(event, lambdaContext(requestId)));
      if (captured.result.statusCode !== 200)
        throw new Error(`Notify answered ${captured.result.statusCode}`);
      responseLength = Math.max(responseLength, Buffer.byteLength(captured.result.body));
      lines.push(...captured.lines);
    }

    const isMetric = (line: string) => line.startsWith('{"_aws"');
    const metricSeries = new Set<string>();
    for (const line of lines.filter(isMetric)) {
      const emf = JSON.parse(line) as {
        _aws: {
          CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
        };
      } & Record<string, unknown>;
      for (const directive of emf._aws.CloudWatchMetrics) {
        for (const dimensions of directive.Dimensions) {
          for (const metric of directive.Metrics) {
            const values = dimensions.map((name) => `${name}=${String(emf[name])}`).join(',');
            metricSeries.add(`${directive.Namespace}/${metric.Name}{${values}}`);
          }
        }
      }
    }

    const added = (await scan()).filter((item) => !before.has(keyOf(item)));
    const transient = added.filter((item) => item[TTL_ATTRIBUTE] !== undefined);
    const kept = added.filter((item) => item[TTL_ATTRIBUTE] === undefined);
    const bytes = (items: RawItem[]) =>
      items.reduce((sum, item) => sum + itemSize(item) + ITEM_OVERHEAD_BYTES, 0);
    return {
      notifications,
      loggerBytes: lineBytes(lines.filter((line) => !isMetric(line))) / notifications,
      metricBytes: lineBytes(lines.filter(isMetric)) / notifications,
      linesPerNotification: lines.length / notifications,
      responseLength,
      metricSeries: [...metricSeries].sort(),
      keptBytes: bytes(kept) / notifications,
      keptItems: kept.length / notifications,
      transientBytes: bytes(transient) / notifications,
      transientItems: transient.length / notifications,
    };
  } finally {
    await engine.close();
    dir.remove();
  }
}
