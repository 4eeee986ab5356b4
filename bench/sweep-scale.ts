/**
 * 7. The sweep at scale: the same number of tasks due in tables of different sizes (10,000 and 100,000 tasks,
 * 1,000 due), so that what the sweep reads shows whether it grows with the due tasks or with the table. Each
 * size gets a fresh engine; a sweep finds the due tasks stale, then a second finds nothing due.
 *
 * The tables are seeded with BatchWriteItem of the store's own items (the task item as a notification leaves it,
 * the lease that notification writes), 24 a request, rather than through DynamoDbTaskStore: a task imported and
 * notified through the store is four requests (the import's stream read and put, the UpdateItem, the
 * BatchWriteItem), and a notification's two alone ran at about 230 a second in section 3, over 7 minutes for
 * 100,000 tasks; the sweep reads only what is stored, not how it got there. A task imported and notified through
 * the handler first checks that the seeded items have exactly the attributes the store writes.
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tieBreakKey, updateDigest } from '../lambda/model/ordering';
import type { TaskUpdate } from '../lambda/model/task';
import type { EventPublisher } from '../lambda/staleness/events';
import { Sweeper } from '../lambda/staleness/sweeper';
import { BATCH_LIMIT } from '../lambda/store/dynamodb/batch-write';
import { type Item, leaseItem } from '../lambda/store/dynamodb/items';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { DEFAULT_LEASE_SHARDS } from '../lambda/store/staleness-store';
import { taskItemKey } from '../lambda/store/table';
import { type Engine, localEngineClient, startEngine } from '../local/engine';
import { type Figure, formatNumber, judged } from './stats';
import {
  ACCOUNT_ID,
  call,
  handlerFor,
  meterCapacity,
  notifyBody,
  STREAM,
  scratchDir,
  seedByBatches,
  taskName,
} from './support';

export interface ScaledSweep {
  readonly tasks: number;
  readonly due: number;
  readonly seedSeconds: number;
  readonly onDue: { readonly readUnits: number; readonly writeUnits: number; readonly staleEvents: number };
  readonly nothingDue: { readonly readUnits: number; readonly writeUnits: number };
}

/** A task item as a notification of `update` leaves it (NOTIFY_WRITE's attributes), and the lease it writes. */
function notifiedItems(task: string, update: TaskUpdate, receivedAt: number, leaseDue: number): Item[] {
  const key = { accountId: ACCOUNT_ID, stream: STREAM, task };
  return [
    {
      ...taskItemKey(ACCOUNT_ID, STREAM, task),
      stream: STREAM,
      task,
      importedAt: receivedAt,
      taskState: update.task,
      updateDateTime: update.updateDateTime,
      nextUpdateSeconds: update.nextUpdateSeconds,
      tieBreak: tieBreakKey(update, updateDigest(update)),
      receivedAt,
    },
    leaseItem(key, leaseDue, DEFAULT_LEASE_SHARDS),
  ];
}

/** Beyond any run of this section: a task reported on time stays so until the end. */
const ON_TIME_SECONDS = 3_600;

function updateOf(task: string, updateDateTime: number, nextUpdateSeconds: number): TaskUpdate {
  return { task: notifyBody(task, updateDateTime).Task, updateDateTime, nextUpdateSeconds };
}

/** Fails when the seeded items lack an attribute the store writes, or carry one it does not. */
async function checkSeededShape(engine: Engine, doc: DynamoDBDocumentClient): Promise<void> {
  const task = 'probe';
  const { client, tableName } = engine;
  const handler = handlerFor(new DynamoDbTaskStore({ client, tableName, leaseLeadSeconds: 0 }));
  const now = Math.floor(Date.now() / 1000);
  await call(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: STREAM });
  await call(handler, 'ImportMigrationTask', { ProgressUpdateStream: STREAM, MigrationTaskName: task });
  await call(handler, 'NotifyMigrationTaskState', {
    ...notifyBody(task, now),
    NextUpdateSeconds: ON_TIME_SECONDS,
  });
  const update = updateOf(task, now, ON_TIME_SECONDS);
  const [seededTask, seededLease] = notifiedItems(task, update, now, now + ON_TIME_SECONDS);
  const { Items = [] } = await doc.send(new ScanCommand({ TableName: tableName }));
  const shape = (item: Item | undefined) =>
    Object.keys(item ?? {})
      .sort()
      .join(',');
  const written = new Set(Items.map(shape));
  for (const seeded of [seededTask, seededLease]) {
    if (!written.has(shape(seeded))) {
      throw new Error(`seeded item ${shape(seeded)} is none of the store's: ${[...written].join(' / ')}`);
    }
  }
}

export async function measureSweepAtScale({
  tasks,
  due,
}: {
  tasks: number;
  due: number;
}): Promise<ScaledSweep> {
  const dir = scratchDir('sweep-scale');
  const engine = await startEngine({ tableName: 'bench', dataDir: dir.path });
  const doc = DynamoDBDocumentClient.from(engine.client);
  const client = localEngineClient(engine.endpoint);
  try {
    await checkSeededShape(engine, doc);
    // Every (tasks ÷ due)th task missed its deadline a minute ago; the others are due in an hour.
    const began = performance.now();
    const now = Math.floor(Date.now() / 1000);
    const every = Math.floor(tasks / due);
    // Two items a task: 12 tasks a batch.
    const perBatch = Math.floor(BATCH_LIMIT / 2);
    const batches = Math.ceil(tasks / perBatch);
    await seedByBatches(doc, engine.tableName, { batches, concurrency: 4 }, (batch) => {
      const items: Item[] = [];
      for (let i = batch * perBatch; i < Math.min(tasks, (batch + 1) * perBatch); i++) {
        const late = i % every === 0 && i / every < due;
        const [reported, next] = late ? [now - 360, 300] : [now, ON_TIME_SECONDS];
        const update = updateOf(taskName(i), reported, next);
        items.push(...notifiedItems(taskName(i), update, reported, reported + next));
      }
      return items;
    });
    const seedSeconds = (performance.now() - began) / 1000;

    const meter = meterCapacity(client);
    let staleEvents = 0;
    const publisher: EventPublisher = {
      publish: async (entries) => {
        staleEvents += entries.length;
      },
    };
    const sweeper = new Sweeper({ store: new DynamoDbStalenessStore(client, engine.tableName), publisher });
    await sweeper.sweep();
    const onDue = { readUnits: meter.readUnits, writeUnits: meter.writeUnits, staleEvents };
    if (staleEvents !== due) throw new Error(`the sweep found ${staleEvents} of ${due} tasks stale`);
    meter.reset();
    await sweeper.sweep();
    return {
      tasks,
      due,
      seedSeconds,
      onDue,
      nothingDue: { readUnits: meter.readUnits, writeUnits: meter.writeUnits },
    };
  } finally {
    client.destroy();
    await engine.close();
    dir.remove();
  }
}

/**
 * Section 7's figures, from sweeps of the same due tasks in tables of growing size (smallest first): what a
 * sweep reads per due task, and with nothing due, must not grow with the table.
 */
export function sweepAtScaleFigures(sweeps: readonly ScaledSweep[]): Figure[] {
  const section = '7 sweep at scale';
  const smallest = sweeps[0];
  const largest = sweeps.at(-1);
  if (!smallest || !largest) throw new Error('no sweep measured');
  const size = (sweep: ScaledSweep) => `${sweep.tasks.toLocaleString('en-US')} tasks`;
  const perDue = (sweep: ScaledSweep) => sweep.onDue.readUnits / sweep.due;
  return [
    ...sweeps.map((sweep) =>
      judged({
        section,
        name: `sweep of ${size(sweep)}, ${sweep.due.toLocaleString('en-US')} due`,
        value: sweep.onDue.readUnits,
        unit: 'RRU',
        note:
          `${formatNumber(sweep.onDue.writeUnits)} WRU, ${sweep.onDue.staleEvents} stale events; then ` +
          `${formatNumber(sweep.nothingDue.readUnits)} RRU with nothing due; seeded in ${formatNumber(sweep.seedSeconds)} s`,
      }),
    ),
    judged({
      section,
      name: `read units per due task, ${size(largest)}`,
      value: perDue(largest),
      unit: 'RRU',
      baseline: { name: size(smallest), value: perDue(smallest), unit: 'RRU' },
      // Flat: each due task's consistent GetItem (1) and its share of the lease pages, whatever the table holds.
      budget: { on: 'ratio', kind: 'max', limit: 1.1 },
    }),
    judged({
      section,
      name: `read units of a sweep with nothing due, ${size(largest)}`,
      value: largest.nothingDue.readUnits,
      unit: 'RRU',
      baseline: { name: size(smallest), value: smallest.nothingDue.readUnits, unit: 'RRU' },
      budget: { on: 'ratio', kind: 'max', limit: 1.05 },
    }),
  ];
}
