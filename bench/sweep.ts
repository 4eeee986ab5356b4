/**
 * 4. Cost of a sweep: the staleness sweeper (lambda/staleness/sweeper.ts) over a table of tasks that have each
 * reported once, on a client that reports the capacity of every request. First a sweep with nothing due (the
 * minute-by-minute common case), then one after 1% of the tasks have passed their deadline.
 */
import type { EventEntry, EventPublisher } from '../lambda/staleness/events';
import { Sweeper } from '../lambda/staleness/sweeper';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { localEngineClient, startEngine } from '../local/engine';
import { call, handlerFor, meterCapacity, notifyBody, pool, STREAM, scratchDir, taskName } from './support';

export interface SweepCost {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly staleEvents: number;
}

export interface SweepResult {
  readonly tasks: number;
  readonly due: number;
  readonly shards: number;
  readonly nothingDue: SweepCost;
  readonly onePercentDue: SweepCost;
}

export async function measureSweep({ tasks }: { tasks: number }): Promise<SweepResult> {
  const dir = scratchDir('sweep');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  const client = localEngineClient(engine.endpoint);
  try {
    const handler = handlerFor(new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName }));
    await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
    const now = Math.floor(Date.now() / 1000);
    const due = Math.ceil(tasks / 100);
    // Every task reports once, due in five minutes.
    await pool(tasks, 8, async (i) => {
      await call(handler, 'ImportMigrationTask', {
        ProgressUpdateStream: STREAM,
        MigrationTaskName: taskName(i),
      });
      await call(handler, 'NotifyMigrationTaskState', notifyBody(taskName(i), now - 1));
    });

    const meter = meterCapacity(client);
    const published: EventEntry[] = [];
    const publisher: EventPublisher = { publish: async (entries) => void published.push(...entries) };
    const store = new DynamoDbStalenessStore(client, engine.tableName);
    const sweeper = new Sweeper({
      store,
      publisher,
      lagSeconds: 0,
    });
    const metered = async (): Promise<SweepCost> => {
      meter.reset();
      published.length = 0;
      await sweeper.sweep();
      return { readUnits: meter.readUnits, writeUnits: meter.writeUnits, staleEvents: published.length };
    };
    // The first sweep moves each shard's cursor up to now; from then on a sweep reads only what fell due.
    await sweeper.sweep();
    const nothingDue = await metered();

    // 1% of the tasks report with a deadline already a second away, then the clock passes it.
    await pool(due, 8, (i) =>
      call(handler, 'NotifyMigrationTaskState', {
        ...notifyBody(taskName(i * 100), now),
        NextUpdateSeconds: 1,
      }),
    );
    await new Promise((done) => setTimeout(done, 2_100));
    const onePercentDue = await metered();
    return { tasks, due, shards: store.shards, nothingDue, onePercentDue };
  } finally {
    client.destroy();
    await engine.close();
    dir.remove();
  }
}
