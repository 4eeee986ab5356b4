/**
 * 1. Request path, and 4. the cost of a notification: NotifyMigrationTaskState through the whole API handler
 * (routing, Zod, authorization, store) against dynalite, timed call by call, interleaved with the storage floor:
 * the notification's own conditional UpdateItem, as the store sends it, of the same item, on the same client and
 * engine, in the same process. Then the same notifications on a client that asks DynamoDB for the capacity each
 * request consumed.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  DynamoDbTaskStore,
  NOTIFY_WRITE,
  tieBreakKey,
  updateDigest,
} from '../lambda/store/dynamodb-task-store';
import { taskItemKey } from '../lambda/store/table';
import { localEngineClient, startEngine } from '../local/engine';
import {
  ACCOUNT_ID,
  call,
  handlerFor,
  meterCapacity,
  notifyBody,
  STREAM,
  scratchDir,
  taskName,
} from './support';

export interface RequestPathResult {
  readonly handlerMs: readonly number[];
  readonly updateItemMs: readonly number[];
  /** Per notification, averaged over the metered run. */
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly requestsPerNotification: number;
  readonly commands: Readonly<Record<string, number>>;
  /** The largest item a notification wrote, in bytes as DynamoDB sizes them (names + values). */
  readonly notificationBytes: number;
}

/** DynamoDB's item size: the UTF-8 length of every attribute name and value (close enough for strings). */
function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value)),
    0,
  );
}

export async function measureRequestPath({
  iterations,
  tasks,
}: {
  iterations: number;
  tasks: number;
}): Promise<RequestPathResult> {
  const dir = scratchDir('request-path');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  try {
    const handler = handlerFor(new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName }));
    await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
    for (let i = 0; i < tasks; i += 1) {
      await call(handler, 'ImportMigrationTask', {
        ProgressUpdateStream: STREAM,
        MigrationTaskName: taskName(i),
      });
    }

    /**
     * The storage floor: the notification's own conditional write, exactly as the store sends it (the local
     * engines parse expressions on every request, so a shorter one would be a cheaper floor), and nothing else.
     */
    const bareUpdate = (task: string, updateDateTime: number) => {
      const body = notifyBody(task, updateDateTime);
      const update = { task: body.Task, updateDateTime, nextUpdateSeconds: body.NextUpdateSeconds };
      return engine.client.send(
        new UpdateItemCommand({
          TableName: engine.tableName,
          Key: marshall(taskItemKey(ACCOUNT_ID, STREAM, task)),
          ...NOTIFY_WRITE,
          ExpressionAttributeValues: marshall({
            ':task': body.Task,
            ':t': body.UpdateDateTime,
            ':n': body.NextUpdateSeconds,
            // The handler's own tie-break key: each passes the other's condition at the same time.
            ':k': tieBreakKey(update, updateDigest(update)),
            ':now': updateDateTime,
          }),
        }),
      );
    };

    const handlerMs: number[] = [];
    const updateItemMs: number[] = [];
    const warmup = Math.min(200, iterations);
    const start = 1_795_000_000;
    for (let i = 0; i < warmup + iterations; i += 1) {
      const task = taskName(i % tasks);
      const time = start + i;
      // Alternate which goes first, so neither always finds the engine's caches warmed by the other.
      const timeHandler = async () => {
        const began = performance.now();
        await call(handler, 'NotifyMigrationTaskState', notifyBody(task, time));
        return performance.now() - began;
      };
      const timeUpdate = async () => {
        const began = performance.now();
        await bareUpdate(task, time);
        return performance.now() - began;
      };
      const [h, u] =
        i % 2 === 0
          ? [await timeHandler(), await timeUpdate()]
          : await (async () => {
              const u = await timeUpdate();
              return [await timeHandler(), u];
            })();
      if (i >= warmup) {
        handlerMs.push(h);
        updateItemMs.push(u);
      }
    }

    // Cost: the same calls through a store whose client reports the capacity of everything it sends.
    const metered = localEngineClient(engine.endpoint);
    const meter = meterCapacity(metered);
    const meteredHandler = handlerFor(
      new DynamoDbTaskStore({ client: metered, tableName: engine.tableName }),
    );
    const notifications = Math.min(iterations, 500);
    const later = start + warmup + iterations + 1;
    let notificationBytes = 0;
    for (let i = 0; i < notifications; i += 1) {
      const body = notifyBody(taskName(i % tasks), later + i);
      notificationBytes = Math.max(notificationBytes, itemBytes(body));
      await call(meteredHandler, 'NotifyMigrationTaskState', body);
    }
    metered.destroy();
    return {
      handlerMs,
      updateItemMs,
      writeUnits: meter.writeUnits / notifications,
      readUnits: meter.readUnits / notifications,
      requestsPerNotification: meter.requests / notifications,
      commands: meter.byCommand,
      notificationBytes,
    };
  } finally {
    await engine.close();
    dir.remove();
  }
}
