/**
 * The staleness sweeper on a real engine (dynalite, and DynamoDB Local where Java exists), with an injected
 * clock: notifications go through the store as the API writes them, sweeps run at chosen instants, and the
 * races of docs/decisions/006-staleness.md are staged by wrapping the real store at the exact step.
 */
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskKey, TaskUpdate } from '../../lambda/model/task';
import {
  type EventEntry,
  type EventPublisher,
  RECOVERED_DETAIL_TYPE,
  STALE_DETAIL_TYPE,
} from '../../lambda/staleness/events';
import { Sweeper } from '../../lambda/staleness/sweeper';
import { LEASE_LEAD_SECONDS } from '../../lambda/store/dynamodb-client';
import { DynamoDbStalenessStore } from '../../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import type { StalenessStore } from '../../lambda/store/staleness-store';
import { DEFAULT_LEASE_SHARDS } from '../../lambda/store/staleness-store';
import { LEASE_RETENTION_SECONDS, leasePartition } from '../../lambda/store/table';
import { clockReading } from '../support/clock';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

const T0 = 1_800_000_000;
const ACCOUNT = '111122223333';
const STREAM = 'Mover';

let endpoint: TestEndpoint;
/** The server's clock, in epoch seconds, for both the store and the sweeper. */
let clock = T0;
const serverClock = clockReading(() => clock);
let tasks: DynamoDbTaskStore;
let staleness: DynamoDbStalenessStore;

class RecordingPublisher implements EventPublisher {
  readonly entries: EventEntry[] = [];
  async publish(entries: readonly EventEntry[]): Promise<void> {
    this.entries.push(...entries);
  }
  details(type?: string): Record<string, unknown>[] {
    return this.entries
      .filter((entry) => type === undefined || entry.DetailType === type)
      .map((entry) => JSON.parse(entry.Detail) as Record<string, unknown>);
  }
}

function sweeper(publisher: EventPublisher, store: StalenessStore = staleness): Sweeper {
  return new Sweeper({ store, publisher, clock: serverClock });
}

function key(task: string, stream = STREAM): TaskKey {
  return { accountId: ACCOUNT, stream, task };
}

function update(
  updateDateTime: number,
  nextUpdateSeconds: number,
  Status: TaskUpdate['task']['Status'] = 'IN_PROGRESS',
  ProgressPercent = 10,
): TaskUpdate {
  return { task: { Status, ProgressPercent }, updateDateTime, nextUpdateSeconds };
}

async function newTask(task: string, stream = STREAM): Promise<TaskKey> {
  await tasks.createStream({ accountId: ACCOUNT, stream }, 'test');
  await tasks.importTask(key(task, stream));
  return key(task, stream);
}

/** Every lease in the table. */
async function leases(): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(endpoint.local.engine.client);
  const all: Record<string, unknown>[] = [];
  // More shards than any test configures.
  for (let shard = 0; shard < 16; shard++) {
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: endpoint.local.engine.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': leasePartition(shard) },
        ConsistentRead: true,
      }),
    );
    all.push(...Items);
  }
  return all;
}

beforeEach(async () => {
  endpoint = await startTestEndpoint();
  clock = T0;
  const { client, tableName } = endpoint.local.engine;
  tasks = new DynamoDbTaskStore({ client, tableName, clock: serverClock });
  staleness = new DynamoDbStalenessStore(client, tableName);
});

afterEach(async () => {
  await endpoint.close();
});

test('a task goes stale once its deadline passes, once, with the detail a consumer needs', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  const events = new RecordingPublisher();

  clock = T0 + 60; // due, but not yet overdue
  await sweeper(events).sweep();
  expect(events.entries).toEqual([]);

  clock = T0 + 61; // the first sweep after the deadline: no lag
  const report = await sweeper(events).sweep();
  expect(report).toEqual({ leasesVisited: 1, staleEvents: 1, recoveredEvents: 0, finished: true });
  expect(events.entries).toHaveLength(1);
  expect(events.entries[0]).toMatchObject({ Source: 'migration-hub', DetailType: STALE_DETAIL_TYPE });
  expect(events.details()[0]).toEqual({
    eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
    accountId: ACCOUNT,
    progressUpdateStream: STREAM,
    migrationTaskName: 'vm-1',
    lastState: { Status: 'IN_PROGRESS', ProgressPercent: 10 },
    updateDateTime: new Date(T0 * 1000).toISOString(),
    nextUpdateSeconds: 60,
    deadline: new Date((T0 + 60) * 1000).toISOString(),
    overdueSeconds: 1,
  });

  clock += 3600;
  await sweeper(events).sweep();
  expect(events.entries).toHaveLength(1);
});

test('leases carry the TTL, a day past their due time; tasks and history never do', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0 + 5, 300));
  const [lease, ...others] = await leases();
  expect(others).toEqual([]);
  expect(lease?.expiresAt).toBe(T0 + 305 + LEASE_RETENTION_SECONDS);
  expect(await endpoint.taskItem(STREAM, 'vm-1', ACCOUNT)).not.toHaveProperty('expiresAt');
  const history = await endpoint.historyItems(STREAM, 'vm-1', ACCOUNT);
  expect(history.map((item) => 'expiresAt' in item)).toEqual([false]);
});

test('with historyRetentionDays, history entries carry the TTL that many days after receipt; the task never', async () => {
  const { client, tableName } = endpoint.local.engine;
  const retaining = new DynamoDbTaskStore({
    client,
    tableName,
    clock: serverClock,
    historyRetentionDays: 30,
  });
  const vm = await newTask('vm-1');
  clock = T0 + 0.25;
  await retaining.notify(vm, update(T0 - 100, 300));
  await retaining.notify(vm, update(T0 - 200, 300)); // older news: history only, kept as long
  const history = await endpoint.historyItems(STREAM, 'vm-1', ACCOUNT);
  expect(history.map((item) => item.expiresAt)).toEqual([T0 + 1 + 30 * 86_400, T0 + 1 + 30 * 86_400]);
  expect(await endpoint.taskItem(STREAM, 'vm-1', ACCOUNT)).not.toHaveProperty('expiresAt');
});

test('leases spread over the configured shards; lowering the count later strands none of them', async () => {
  const { client, tableName } = endpoint.local.engine;
  const wide = new DynamoDbTaskStore({ client, tableName, clock: serverClock, leaseShards: 8 });
  const names = Array.from({ length: 24 }, (_, i) => `vm-${i}`);
  for (const name of names) await wide.notify(await newTask(name), update(T0, 60));
  const shards = new Set((await leases()).map((lease) => lease.pk));
  expect(shards.size).toBeGreaterThan(DEFAULT_LEASE_SHARDS);
  expect([...shards].every((pk) => /^LEASE\|[0-7]$/.test(String(pk)))).toBe(true);
  // A sweep configured with 8 shards runs once (nothing is due yet); then the setting goes back to 4.
  expect(await new DynamoDbStalenessStore(client, tableName, 8).shardCount()).toBe(8);
  await new Sweeper({
    store: new DynamoDbStalenessStore(client, tableName, 8),
    publisher: new RecordingPublisher(),
    clock: serverClock,
  }).sweep();
  const narrowed = new DynamoDbStalenessStore(client, tableName, DEFAULT_LEASE_SHARDS);
  expect(await narrowed.shardCount()).toBe(8);
  const events = new RecordingPublisher();
  clock = T0 + 61;
  await sweeper(events, narrowed).sweep();
  expect(
    events
      .details(STALE_DETAIL_TYPE)
      .map((detail) => detail.migrationTaskName)
      .sort(),
  ).toEqual([...names].sort());
});

test('COMPLETED and NextUpdateSeconds 0 expect nothing more: no lease, never stale', async () => {
  const done = await newTask('done');
  const quiet = await newTask('quiet');
  await tasks.notify(done, update(T0, 60, 'COMPLETED', 100));
  await tasks.notify(quiet, update(T0, 0));
  expect(await leases()).toEqual([]);
  const events = new RecordingPublisher();
  clock = T0 + 86_400;
  await sweeper(events).sweep();
  expect(events.entries).toEqual([]);
});

test('a notification whose deadline has already passed goes stale at the first sweep after the lease lead', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0 - 600, 60)); // sent ten minutes late
  const events = new RecordingPublisher();
  clock = T0 + LEASE_LEAD_SECONDS - 1; // its lease may still be on its way: not due yet
  await sweeper(events).sweep();
  expect(events.entries).toEqual([]);
  clock = T0 + LEASE_LEAD_SECONDS + 1;
  await sweeper(events).sweep();
  expect(events.details(STALE_DETAIL_TYPE)).toEqual([
    expect.objectContaining({ deadline: new Date((T0 - 540) * 1000).toISOString() }),
  ]);
});

test('a deadline superseded by a newer notification raises nothing; the newer one is watched', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  clock = T0 + 30;
  await tasks.notify(vm, update(T0 + 30, 60, 'IN_PROGRESS', 50));
  const events = new RecordingPublisher();
  clock = T0 + 61; // the first deadline is long past
  await sweeper(events).sweep();
  expect(events.entries).toEqual([]);
  clock = T0 + 91;
  await sweeper(events).sweep();
  expect(events.details()).toEqual([
    expect.objectContaining({ lastState: { Status: 'IN_PROGRESS', ProgressPercent: 50 } }),
  ]);
});

test('a stale task that reports again is published recovered, once, and can go stale again', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  const events = new RecordingPublisher();
  clock = T0 + 61;
  await sweeper(events).sweep();
  expect(events.details(STALE_DETAIL_TYPE)).toHaveLength(1);

  const reportedAt = clock;
  await tasks.notify(vm, update(reportedAt, 600, 'IN_PROGRESS', 70));
  clock = reportedAt + LEASE_LEAD_SECONDS + 1; // the new deadline is far off: the recovery has its own lease
  await sweeper(events).sweep();
  expect(events.details(RECOVERED_DETAIL_TYPE)).toEqual([
    {
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      accountId: ACCOUNT,
      progressUpdateStream: STREAM,
      migrationTaskName: 'vm-1',
      staleSince: new Date((T0 + 60) * 1000).toISOString(),
      staleUpdateDateTime: new Date(T0 * 1000).toISOString(),
      state: { Status: 'IN_PROGRESS', ProgressPercent: 70 },
      updateDateTime: new Date(reportedAt * 1000).toISOString(),
    },
  ]);
  expect((await staleness.sweepTask(vm))?.marker).toBeUndefined();

  clock = reportedAt + 601;
  await sweeper(events).sweep();
  expect(events.entries.map((entry) => entry.DetailType)).toEqual([
    STALE_DETAIL_TYPE,
    RECOVERED_DETAIL_TYPE,
    STALE_DETAIL_TYPE,
  ]);
  expect(new Set(events.details().map((detail) => detail.eventId)).size).toBe(3);
});

test('a notification racing a sweep between its read and its mark: stale, then recovered, never a stray', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  clock = T0 + 61;
  const racing: StalenessStore = Object.assign(Object.create(staleness) as DynamoDbStalenessStore, {
    markStale: async (...args: Parameters<StalenessStore['markStale']>) => {
      await tasks.notify(vm, update(clock, 3600, 'IN_PROGRESS', 80)); // lands after the read, before the mark
      return staleness.markStale(...args);
    },
  });
  const events = new RecordingPublisher();
  await sweeper(events, racing).sweep();
  // The task was overdue when read, so the stale event is true; its recovery is the sweeper's to publish,
  // since the notification found no marker to answer.
  expect(events.entries.map((entry) => entry.DetailType)).toEqual([STALE_DETAIL_TYPE, RECOVERED_DETAIL_TYPE]);
  expect((await staleness.sweepTask(vm))?.marker).toBeUndefined();

  clock += 600; // later sweeps find nothing left to say
  await sweeper(events).sweep();
  expect(events.entries).toHaveLength(2);
});

test('overlapping sweeps publish each transition under one id and mark each task once', async () => {
  const names = Array.from({ length: 30 }, (_, i) => `vm-${i}`);
  for (const name of names) await tasks.notify(await newTask(name), update(T0, 60));
  clock = T0 + 61;
  const events = new RecordingPublisher();
  await Promise.all([sweeper(events).sweep(), sweeper(events).sweep(), sweeper(events).sweep()]);
  const details = events.details(STALE_DETAIL_TYPE);
  const idsByTask = new Map<unknown, Set<unknown>>();
  for (const detail of details) {
    const ids = idsByTask.get(detail.migrationTaskName) ?? new Set();
    ids.add(detail.eventId);
    idsByTask.set(detail.migrationTaskName, ids);
  }
  expect([...idsByTask.keys()].sort()).toEqual([...names].sort());
  expect([...idsByTask.values()].every((ids) => ids.size === 1)).toBe(true);
  for (const name of names) expect((await staleness.sweepTask(key(name)))?.marker).toBeDefined();
});

test('a failed publish leaves the cursor; the next sweep delivers the same event', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  clock = T0 + 61;
  let fail = true;
  const delivered: EventEntry[] = [];
  const flaky: EventPublisher = {
    async publish(entries) {
      if (fail) throw new Error('PutEvents failed 1 of 1 entries after 4 attempts: InternalFailure');
      delivered.push(...entries);
    },
  };
  await expect(sweeper(flaky).sweep()).rejects.toThrow('InternalFailure');
  expect((await staleness.sweepTask(vm))?.marker).toBeUndefined();
  fail = false;
  clock += 60;
  await sweeper(flaky).sweep();
  expect(delivered.map((entry) => entry.DetailType)).toEqual([STALE_DETAIL_TYPE]);
});

test('a crash between publishing and marking publishes again under the same id', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 60));
  clock = T0 + 61;
  const crashing: StalenessStore = Object.assign(Object.create(staleness) as DynamoDbStalenessStore, {
    markStale: async () => {
      throw new Error('the process died here');
    },
  });
  const events = new RecordingPublisher();
  await expect(sweeper(events, crashing).sweep()).rejects.toThrow('the process died here');
  await sweeper(events).sweep();
  const [first, second, ...rest] = events.details();
  expect(rest).toEqual([]);
  expect(second?.eventId).toBe(first?.eventId);
  expect((await staleness.sweepTask(vm))?.marker).toBeDefined();
});

test('tasks of a stream being deleted raise nothing', async () => {
  const vm = await newTask('vm-1', 'Doomed');
  await tasks.notify(vm, update(T0, 60));
  await tasks.beginStreamDeletion({ accountId: ACCOUNT, stream: 'Doomed' });
  const events = new RecordingPublisher();
  clock = T0 + 61;
  await sweeper(events).sweep();
  expect(events.entries).toEqual([]);
});

test('a sweep with nothing due reads each shard and writes nothing', async () => {
  const vm = await newTask('vm-1');
  await tasks.notify(vm, update(T0, 3600));
  const before = await endpoint.tableSnapshot();
  const report = await sweeper(new RecordingPublisher()).sweep();
  expect(report).toEqual({ leasesVisited: 0, staleEvents: 0, recoveredEvents: 0, finished: true });
  expect(await endpoint.tableSnapshot()).toBe(before);
});

test('a sweep resumes from its cursor page by page across many due leases', async () => {
  const names = Array.from({ length: 45 }, (_, i) => `vm-${String(i).padStart(2, '0')}`);
  for (const name of names) await tasks.notify(await newTask(name), update(T0 + names.indexOf(name), 60));
  clock = T0 + 120;
  const events = new RecordingPublisher();
  const small = new Sweeper({
    store: staleness,
    publisher: events,
    clock: serverClock,
    pageSize: 4,
  });
  const report = await small.sweep();
  expect(report.leasesVisited).toBe(45);
  expect(
    events
      .details()
      .map((detail) => detail.migrationTaskName)
      .sort(),
  ).toEqual(names);
  await small.sweep();
  expect(events.entries).toHaveLength(45);
});
