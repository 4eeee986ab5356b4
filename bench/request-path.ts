/**
 * 1. Request path, and 4. the cost of a notification: NotifyMigrationTaskState through the whole API handler
 * (routing, Zod, authorization, store) against dynalite, timed call by call, interleaved with two storage floors
 * sent raw for the same item, on the same client and engine, in the same process: the notification's own
 * conditional UpdateItem as the store sends it, and that UpdateItem followed by its BatchWriteItem. Then the
 * same notifications on a client that asks DynamoDB for the capacity each request consumed.
 */
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { localEngineClient, startEngine } from '../local/engine';
import {
  call,
  handlerFor,
  meterCapacity,
  notifyBody,
  RawNotificationWrites,
  STREAM,
  scratchDir,
  taskName,
} from './support';

export interface RequestPathResult {
  readonly handlerMs: readonly number[];
  readonly updateItemMs: readonly number[];
  /** The conditional UpdateItem, then the BatchWriteItem of history and lease: a notification's storage work. */
  readonly storageMs: readonly number[];
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
     * The storage floors, sent raw: the notification's own conditional write exactly as the store sends it (the
     * local engines parse expressions on every request, so a shorter one would be a cheaper floor), and that
     * write followed by the BatchWriteItem of its history entry and lease: all the storage work a
     * notification needs, without any of our code.
     */
    const raw = new RawNotificationWrites(engine.client, engine.tableName);

    const series = {
      handler: [] as number[],
      update: [] as number[],
      storage: [] as number[],
    };
    const warmup = Math.min(200, iterations);
    const start = 1_795_000_000;
    for (let i = 0; i < warmup + iterations; i += 1) {
      const task = taskName(i % tasks);
      const time = start + i;
      const runs: [number[], () => Promise<unknown>][] = [
        [series.handler, () => call(handler, 'NotifyMigrationTaskState', notifyBody(task, time))],
        [series.update, () => raw.update(task, time)],
        [series.storage, () => raw.both(task, time)],
      ];
      // Rotate which goes first, so none always finds the engine's caches warmed by the others.
      for (let r = 0; r < runs.length; r += 1) {
        const [into, run] = runs[(i + r) % runs.length] as [number[], () => Promise<unknown>];
        const began = performance.now();
        await run();
        if (i >= warmup) into.push(performance.now() - began);
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
      handlerMs: series.handler,
      updateItemMs: series.update,
      storageMs: series.storage,
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
