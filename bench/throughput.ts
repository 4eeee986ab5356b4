/**
 * 3. Throughput: signed NotifyMigrationTaskState calls per second through the local endpoint (the server
 * `npm start` runs), 16 clients over keep-alive connections, against raw PutItem calls per second sent by the
 * same process to the same embedded engine. The two alternate in short slices, so both see the same machine.
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
import { createDynamoDbClient } from '../lambda/store/dynamodb-client';
import { DEFAULT_PRINCIPAL } from '../local/credentials';
import { startLocalEndpoint } from '../local/server';
import {
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
  const raw = createDynamoDbClient({
    endpoint: endpoint.engine.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
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
    // Warm both paths (connections, JIT) before measuring.
    await runFor(Math.min(sliceMs, 1_000), CLIENTS, notify);
    await runFor(Math.min(sliceMs, 1_000), CLIENTS, put);
    let notified = 0;
    let notifyMs = 0;
    let putCount = 0;
    let putMs = 0;
    for (let slice = 0; slice < slices; slice += 1) {
      let began = performance.now();
      putCount += await runFor(sliceMs, CLIENTS, put);
      putMs += performance.now() - began;
      began = performance.now();
      notified += await runFor(sliceMs, CLIENTS, notify);
      notifyMs += performance.now() - began;
    }
    return {
      notificationsPerSecond: notified / (notifyMs / 1000),
      putItemsPerSecond: putCount / (putMs / 1000),
    };
  } finally {
    mgh.destroy();
    raw.destroy();
    await endpoint.close();
    dir.remove();
  }
}
