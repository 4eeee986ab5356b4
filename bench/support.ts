/**
 * What the benchmark's sections share: quiet loggers, scratch folders, signed clients, the API handler and the
 * API Gateway event of a call, a meter of consumed DynamoDB capacity, and a pool of concurrent workers.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { MigrationHubClient } from '@aws-sdk/client-migration-hub';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { StreamPermissions } from '../lambda/access/policy';
import { type ApiHandler, createApiHandler } from '../lambda/api/create-api-handler';
import { systemClock } from '../lambda/clock';
import { tieBreakKey, updateDigest } from '../lambda/model/ordering';
import type { Logger } from '../lambda/observability/logger';
import { requestLog } from '../lambda/observability/telemetry';
import type { ApplicationStore } from '../lambda/store/application-store';
import { NOTIFY_WRITE } from '../lambda/store/dynamodb-task-store';
import { DEFAULT_LEASE_SHARDS } from '../lambda/store/staleness-store';
import {
  historyPartition,
  historySortKey,
  LEASE_RETENTION_SECONDS,
  leaseItemKey,
  taskItemKey,
} from '../lambda/store/table';
import type { TaskStore } from '../lambda/store/task-store';
import { DEFAULT_PRINCIPAL } from '../local/credentials';
import { lambdaContext, proxyEvent } from '../test/support/api';
import { InMemoryHomeRegionStore } from '../test/support/in-memory-home-region-store';
import { InMemoryStore } from '../test/support/in-memory-store';

export const ACCOUNT_ID = DEFAULT_PRINCIPAL.accountId;
export const REGION = 'us-east-1';
export const STREAM = 'Bench';

/** A lease's key as the task store writes it with the default shard count. */
function leasePosition(task: string, due: number) {
  const { pk, sk } = leaseItemKey(ACCOUNT_ID, STREAM, task, due, DEFAULT_LEASE_SHARDS);
  return { pk, sk };
}

/** Drops every entry: a log line per request would measure the terminal, not the service. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A scratch folder, removed by the returned function. */
export function scratchDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `mgh-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function taskName(index: number): string {
  return `vm-${String(index).padStart(6, '0')}`;
}

/**
 * The unmodified AWS SDK client a migration tool uses, signing with the default principal, over keep-alive
 * connections (at most `sockets` at once).
 */
export function migrationHubClient(url: string, sockets: number): MigrationHubClient {
  return new MigrationHubClient({
    endpoint: url,
    region: REGION,
    credentials: {
      accessKeyId: DEFAULT_PRINCIPAL.accessKeyId,
      secretAccessKey: DEFAULT_PRINCIPAL.secretAccessKey,
    },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) }),
  });
}

/** The body of a NotifyMigrationTaskState call: a realistic progress report (about 200 bytes). */
export function notifyBody(task: string, updateDateTime: number) {
  return {
    ProgressUpdateStream: STREAM,
    MigrationTaskName: task,
    Task: {
      Status: 'IN_PROGRESS' as const,
      StatusDetail: 'Replicating disk 1 of 2: 42 GiB of 100 GiB copied',
      ProgressPercent: Math.floor(updateDateTime) % 100,
    },
    UpdateDateTime: updateDateTime,
    NextUpdateSeconds: 300,
  };
}

/** `notifyBody(task, updateDateTime)`, and the update the store makes of it. */
function notification(task: string, updateDateTime: number) {
  const body = notifyBody(task, updateDateTime);
  return { body, update: { task: body.Task, updateDateTime, nextUpdateSeconds: body.NextUpdateSeconds } };
}

/**
 * The storage requests of one notification (`notifyBody(task, updateDateTime)`), sent raw: the baselines the
 * handler is measured against. Each is built as the store builds it, so the engine does the same work for it.
 */
export class RawNotificationWrites {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The conditional UpdateItem of the task: the store's expressions, values and return options. */
  update(task: string, updateDateTime: number): Promise<unknown> {
    const { body, update } = notification(task, updateDateTime);
    return this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(taskItemKey(ACCOUNT_ID, STREAM, task)),
        ...NOTIFY_WRITE,
        ExpressionAttributeValues: marshall({
          ':task': body.Task,
          ':t': updateDateTime,
          ':n': body.NextUpdateSeconds,
          // The handler's own tie-break key: each passes the other's condition at the same time.
          ':k': tieBreakKey(update, updateDigest(update)),
          ':now': updateDateTime,
        }),
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  }

  /** The BatchWriteItem that follows it: the history entry and the staleness lease. */
  historyAndLease(task: string, updateDateTime: number): Promise<unknown> {
    const { body, update } = notification(task, updateDateTime);
    const due = updateDateTime + body.NextUpdateSeconds;
    const items = [
      {
        pk: historyPartition(ACCOUNT_ID, STREAM, task),
        sk: historySortKey(updateDateTime, updateDigest(update)),
        taskState: body.Task,
        updateDateTime,
        nextUpdateSeconds: body.NextUpdateSeconds,
      },
      {
        ...leasePosition(task, due),
        accountId: ACCOUNT_ID,
        stream: STREAM,
        task,
        expiresAt: due + LEASE_RETENTION_SECONDS,
      },
    ];
    return this.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [this.tableName]: items.map((item) => ({ PutRequest: { Item: marshall(item) } })) },
      }),
    );
  }

  /** Both, one after the other, as a notification sends them. */
  async both(task: string, updateDateTime: number): Promise<void> {
    await this.update(task, updateDateTime);
    await this.historyAndLease(task, updateDateTime);
  }
}

/**
 * The API handler as the Lambda composes it, on `store`, logging nowhere. The benchmark calls no application
 * operation, so their store is an in-memory one unless one is given.
 */
export function handlerFor(
  store: TaskStore,
  applications: ApplicationStore = new InMemoryStore(systemClock).applications,
): ApiHandler {
  return createApiHandler({
    store,
    applications,
    homeRegion: REGION,
    // Never read: with a configured home region, no request reads a stored control.
    homeRegionControls: new InMemoryHomeRegionStore(),
    region: REGION,
    policy: new StreamPermissions(),
    logger: silentLogger,
    // The log line is part of every request's work in Lambda too; only its output is dropped here.
    telemetry: requestLog(silentLogger),
  });
}

/** Calls the handler as API Gateway would, and answers its body; anything but 200 is a broken benchmark. */
export async function call(handler: ApiHandler, target: string, body: object): Promise<unknown> {
  const requestId = randomUUID();
  const result = await handler(proxyEvent(target, body, { requestId }), lambdaContext(requestId));
  if (result.statusCode !== 200) throw new Error(`${target} answered ${result.statusCode}: ${result.body}`);
  return JSON.parse(result.body);
}

/** Capacity units consumed, summed over every request a client sent while the meter ran. */
export interface CapacityMeter {
  readonly requests: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  /** Requests by operation name, to tell what the units were spent on. */
  readonly byCommand: Readonly<Record<string, number>>;
  /** Every request in the order sent, with its own units: what each single write was billed. */
  readonly log: readonly MeteredRequest[];
  reset(): void;
}

export interface MeteredRequest {
  readonly command: string;
  readonly writeUnits: number;
  readonly readUnits: number;
}

/**
 * Asks DynamoDB for `ReturnConsumedCapacity: TOTAL` on every request the client sends (the store's own requests
 * included, whatever command class they use) and adds up what comes back.
 */
export function meterCapacity(client: DynamoDBClient): CapacityMeter {
  const totals = {
    requests: 0,
    writeUnits: 0,
    readUnits: 0,
    byCommand: {} as Record<string, number>,
    log: [] as MeteredRequest[],
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
      const consumed = [output.ConsumedCapacity ?? []].flat();
      totals.requests += 1;
      const command = context.commandName ?? 'unknown';
      totals.byCommand[command] = (totals.byCommand[command] ?? 0) + 1;
      const request = { command, writeUnits: 0, readUnits: 0 };
      for (const capacity of consumed) {
        request.writeUnits += capacity.WriteCapacityUnits ?? 0;
        request.readUnits += capacity.ReadCapacityUnits ?? 0;
        // Engines that report only the total: a command that writes spends write units.
        if (capacity.WriteCapacityUnits === undefined && capacity.ReadCapacityUnits === undefined) {
          const units = capacity.CapacityUnits ?? 0;
          if (/^(Put|Update|Delete|BatchWrite)/.test(command)) request.writeUnits += units;
          else request.readUnits += units;
        }
      }
      totals.writeUnits += request.writeUnits;
      totals.readUnits += request.readUnits;
      totals.log.push(request);
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter', priority: 'low' },
  );
  return {
    get requests() {
      return totals.requests;
    },
    get writeUnits() {
      return totals.writeUnits;
    },
    get readUnits() {
      return totals.readUnits;
    },
    get byCommand() {
      return { ...totals.byCommand };
    },
    get log() {
      return [...totals.log];
    },
    reset() {
      totals.requests = 0;
      totals.writeUnits = 0;
      totals.readUnits = 0;
      totals.byCommand = {};
      totals.log = [];
    },
  };
}

/** Runs `work(i)` for i = 0 .. count-1 with `concurrency` workers; the first failure stops the run. */
export async function pool(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Runs `work` with `concurrency` workers until `ms` have passed; returns how many calls completed. */
export async function runFor(
  ms: number,
  concurrency: number,
  work: (worker: number, call: number) => Promise<unknown>,
): Promise<number> {
  const end = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let call = 0; performance.now() < end; call += 1) {
        await work(worker, call);
        done += 1;
      }
    }),
  );
  return done;
}

/**
 * Seeds a table straight with BatchWriteItem, `concurrency` batches at a time: each batch puts the items
 * `itemsOf(batch)` builds (at most 25). Fails when the engine leaves any unprocessed (the local engines do not).
 */
export async function seedByBatches(
  doc: DynamoDBDocumentClient,
  tableName: string,
  { batches, concurrency }: { batches: number; concurrency: number },
  itemsOf: (batch: number) => readonly Record<string, unknown>[],
): Promise<void> {
  await pool(batches, concurrency, async (batch) => {
    const { UnprocessedItems } = await doc.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: itemsOf(batch).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    if (Object.keys(UnprocessedItems ?? {}).length > 0)
      throw new Error('the engine left seeded items unprocessed');
  });
}
