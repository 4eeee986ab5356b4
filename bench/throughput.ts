/**
 * 3. Throughput: signed NotifyMigrationTaskState calls per second through the local endpoint (the server
 * `npm start` runs), 16 clients over keep-alive connections, against raw PutItem calls per second sent by the
 * same process to the same embedded engine, and against the notification's own conditional UpdateItem sent
 * raw. They alternate in short slices, so all see the same machine.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { NOTIFY_WRITE, tieBreakKey, updateDigest } from '../lambda/store/dynamodb-task-store';
import { taskItemKey } from '../lambda/store/table';
import { DEFAULT_PRINCIPAL } from '../local/credentials';
import { localEngineClient } from '../local/engine';
import { startLocalEndpoint } from '../local/server';
import {
  ACCOUNT_ID,
  migrationHubClient,
  notifyBody,
  pool,
  REGION,
  runFor,
  STREAM,
  scratchDir,
  silentLogger,
  taskName,
} from './support';

export interface ThroughputResult {
  readonly notificationsPerSecond: number;
  readonly putItemsPerSecond: number;
  /** The notification's own conditional UpdateItem alone, as the store sends it: what the engine makes of it. */
  readonly updateItemsPerSecond: number;
}

export const CLIENTS = 16;

export async function measureThroughput({
  sliceMs,
  slices,
}: {
  sliceMs: number;
  slices: number;
}): Promise<ThroughputResult> {
  const dir = scratchDir('throughput');
  const endpoint = await startLocalEndpoint({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir.path,
    tableName: 'bench',
    homeRegion: REGION,
    principals: new Map([[DEFAULT_PRINCIPAL.accessKeyId, DEFAULT_PRINCIPAL]]),
    logger: silentLogger,
  });
  const mgh = migrationHubClient(endpoint.url, CLIENTS);
  const raw = localEngineClient(endpoint.engine.endpoint);
  // The same connection handling as the Migration Hub client: at most 16 keep-alive sockets.
  raw.config.requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets: CLIENTS }),
  });
  try {
    await mgh.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: STREAM }));
    // One task per client: each client reports the progress of its own task, as a migration tool does.
    await pool(CLIENTS, CLIENTS, (i) =>
      mgh.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: STREAM, MigrationTaskName: taskName(i) }),
      ),
    );
    let clock = 1_795_000_000;
    const notify = (worker: number) => {
      clock += 1;
      const body = notifyBody(taskName(worker), clock);
      return mgh.send(
        new NotifyMigrationTaskStateCommand({ ...body, UpdateDateTime: new Date(clock * 1000) }),
      );
    };
    const put = (worker: number, call: number) =>
      raw.send(
        new PutItemCommand({
          TableName: endpoint.engine.tableName,
          Item: marshall({
            pk: `bench|${worker}`,
            sk: `${call}|${randomUUID()}`,
            ...notifyBody(taskName(worker), clock + call),
          }),
        }),
      );
    const update = (worker: number) => {
      clock += 1;
      const body = notifyBody(taskName(worker), clock);
      const state = { task: body.Task, updateDateTime: clock, nextUpdateSeconds: body.NextUpdateSeconds };
      return raw.send(
        new UpdateItemCommand({
          TableName: endpoint.engine.tableName,
          Key: marshall(taskItemKey(ACCOUNT_ID, STREAM, taskName(worker))),
          ...NOTIFY_WRITE,
          ExpressionAttributeValues: marshall({
            ':task': body.Task,
            ':t': clock,
            ':n': body.NextUpdateSeconds,
            ':k': tieBreakKey(state, updateDigest(state)),
            ':now': clock,
          }),
        }),
      );
    };
    // Warm every path (connections, JIT) before measuring.
    for (const call of [notify, put, update]) await runFor(Math.min(sliceMs, 1_000), CLIENTS, call);
    const totals = { notify: { count: 0, ms: 0 }, put: { count: 0, ms: 0 }, update: { count: 0, ms: 0 } };
    const measure = async (
      total: { count: number; ms: number },
      call: (worker: number, n: number) => Promise<unknown>,
    ) => {
      const began = performance.now();
      total.count += await runFor(sliceMs, CLIENTS, call);
      total.ms += performance.now() - began;
    };
    for (let slice = 0; slice < slices; slice += 1) {
      await measure(totals.put, put);
      await measure(totals.notify, notify);
      await measure(totals.update, update);
    }
    const perSecond = ({ count, ms }: { count: number; ms: number }) => count / (ms / 1000);
    return {
      notificationsPerSecond: perSecond(totals.notify),
      putItemsPerSecond: perSecond(totals.put),
      updateItemsPerSecond: perSecond(totals.update),
    };
  } finally {
    mgh.destroy();
    raw.destroy();
    await endpoint.close();
    dir.remove();
  }
}
