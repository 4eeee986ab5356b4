/**
 * 3. Throughput: signed NotifyMigrationTaskState calls per second through the local endpoint (the server
 * `npm start` runs), 16 clients over keep-alive connections, against two baselines sent by the same process to
 * the same embedded engine: the notification's own storage requests sent raw (its conditional UpdateItem, then
 * the BatchWriteItem of its history entry and lease), and raw PutItem. They alternate in short slices, so all
 * see the same machine.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DEFAULT_PRINCIPAL } from '../local/credentials';
import { localEngineClient } from '../local/engine';
import { startLocalEndpoint } from '../local/server';
import {
  migrationHubClient,
  notifyBody,
  pool,
  RawNotificationWrites,
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
  /**
   * A notification's storage requests alone, as the store sends them, one after the other: what the engine
   * makes of a notification without any of our code in the way.
   */
  readonly storageWritesPerSecond: number;
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
    const writes = new RawNotificationWrites(raw, endpoint.engine.tableName);
    const storage = (worker: number) => {
      clock += 1;
      return writes.both(taskName(worker), clock);
    };
    // Warm every path (connections, JIT) before measuring.
    for (const call of [notify, put, storage]) await runFor(Math.min(sliceMs, 1_000), CLIENTS, call);
    const totals = { notify: { count: 0, ms: 0 }, put: { count: 0, ms: 0 }, storage: { count: 0, ms: 0 } };
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
      await measure(totals.storage, storage);
    }
    const perSecond = ({ count, ms }: { count: number; ms: number }) => count / (ms / 1000);
    return {
      notificationsPerSecond: perSecond(totals.notify),
      putItemsPerSecond: perSecond(totals.put),
      storageWritesPerSecond: perSecond(totals.storage),
    };
  } finally {
    mgh.destroy();
    raw.destroy();
    await endpoint.close();
    dir.remove();
  }
}
