/**
 * The sweeper's decisions, on the in-memory stores and a clock the test sets: when a task goes stale, when it
 * has recovered, what it never says, and where it stops. test/integration/staleness-sweeper.test.ts runs the
 * same sweeper on both engines.
 */
import type { TaskKey, TaskUpdate } from '../../lambda/model/task';
import type { EventEntry, EventPublisher } from '../../lambda/staleness/events';
import { Sweeper } from '../../lambda/staleness/sweeper';
import { LEASE_LEAD_SECONDS } from '../../lambda/store/dynamodb-client';
import type { StalenessStore } from '../../lambda/store/staleness-store';
import { FakeClock } from '../support/clock';
import { InMemoryStore } from '../support/in-memory-store';

const T0 = 1_800_000_000;
const ACCOUNT = '111122223333';

class RecordingPublisher implements EventPublisher {
  readonly entries: EventEntry[] = [];
  /** The event ids of every publish asked for, delivered or not. */
  readonly attempts: string[] = [];
  failing = false;
  async publish(entries: readonly EventEntry[]): Promise<void> {
    this.attempts.push(...entries.map((entry) => (JSON.parse(entry.Detail) as { eventId: string }).eventId));
    if (this.failing) throw new Error('PutEvents is down');
    this.entries.push(...entries);
  }
  /** `stale vm-1`, `recovered vm-1`, ... in publishing order. */
  said(): string[] {
    return this.entries.map((entry) => {
      const detail = JSON.parse(entry.Detail) as { migrationTaskName: string };
      return `${entry.DetailType === 'Migration Task Stale' ? 'stale' : 'recovered'} ${detail.migrationTaskName}`;
    });
  }
}

let clock: FakeClock;
let store: InMemoryStore;
let publisher: RecordingPublisher;
let sweeper: Sweeper;

const key = (task: string): TaskKey => ({ accountId: ACCOUNT, stream: 'Tool', task });
const update = (at: number, next = 60, Status: TaskUpdate['task']['Status'] = 'IN_PROGRESS'): TaskUpdate => ({
  task: { Status, ProgressPercent: 10 },
  updateDateTime: at,
  nextUpdateSeconds: next,
});

async function newTask(task: string): Promise<TaskKey> {
  await store.tasks.createStream({ accountId: ACCOUNT, stream: 'Tool' }, 'test');
  await store.tasks.importTask(key(task));
  return key(task);
}

function sweeperOn(staleness: StalenessStore, pageSize = 100): Sweeper {
  return new Sweeper({ store: staleness, publisher, clock, pageSize });
}

beforeEach(() => {
  clock = new FakeClock(T0 * 1000);
  store = new InMemoryStore(clock);
  publisher = new RecordingPublisher();
  sweeper = sweeperOn(store.staleness);
});

test('a task goes stale on the first sweep after its deadline, and is said so once', async () => {
  await store.tasks.notify(await newTask('vm-1'), update(T0, 60));
  clock.seconds = T0 + 59; // not yet overdue
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 0, staleEvents: 0, finished: true });
  clock.seconds = T0 + 61;
  expect(await sweeper.sweep()).toEqual({
    leasesVisited: 1,
    staleEvents: 1,
    recoveredEvents: 0,
    finished: true,
  });
  clock.advanceSeconds(3600);
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 0, staleEvents: 0 });
  expect(publisher.said()).toEqual(['stale vm-1']);
  expect(JSON.parse(publisher.entries[0]?.Detail ?? '{}')).toMatchObject({
    deadline: '2027-01-15T08:01:00.000Z',
  });
});

test('a deadline nearer than the lease lead is visited the lead after its write, not before', async () => {
  const vm = await newTask('vm-1');
  await store.tasks.notify(vm, update(T0, 5));
  clock.seconds = T0 + 6; // overdue (the API says so at once), but its lease may still be on its way
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 0, staleEvents: 0 });
  clock.seconds = T0 + LEASE_LEAD_SECONDS + 0.01;
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 1, staleEvents: 1 });
  expect(publisher.said()).toEqual(['stale vm-1']);
});

test('a task that reports in time never goes stale', async () => {
  const vm = await newTask('vm-1');
  await store.tasks.notify(vm, update(T0, 60));
  await store.tasks.notify(vm, update(T0 + 50, 3600));
  clock.seconds = T0 + 120;
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 1, staleEvents: 0, recoveredEvents: 0 });
  expect(publisher.said()).toEqual([]);
});

test('a stale task that reports again is said to have recovered, once', async () => {
  const vm = await newTask('vm-1');
  await store.tasks.notify(vm, update(T0, 60));
  clock.seconds = T0 + 61;
  await sweeper.sweep();
  await store.tasks.notify(vm, update(clock.seconds, 3600));
  clock.advanceSeconds(LEASE_LEAD_SECONDS + 1); // the recovery's lease: due the lead after its write
  expect(await sweeper.sweep()).toMatchObject({ recoveredEvents: 1, staleEvents: 0 });
  clock.advanceSeconds(600);
  await sweeper.sweep();
  expect(publisher.said()).toEqual(['stale vm-1', 'recovered vm-1']);
  expect((await store.staleness.sweepTask(vm))?.marker).toBeUndefined();
});

test('completed tasks, updates that promise nothing more, and streams being deleted say nothing', async () => {
  await store.tasks.notify(await newTask('done'), update(T0, 60, 'COMPLETED'));
  await store.tasks.notify(await newTask('quiet'), update(T0, 0));
  await store.tasks.notify(await newTask('going'), update(T0, 60));
  await store.tasks.beginStreamDeletion({ accountId: ACCOUNT, stream: 'Tool' });
  clock.seconds = T0 + 3600;
  expect(await sweeper.sweep()).toMatchObject({ leasesVisited: 1, staleEvents: 0, recoveredEvents: 0 });
  expect(publisher.said()).toEqual([]);
});

test('a task that reports between the read and the mark: stale, then recovered, nothing lost', async () => {
  const vm = await newTask('vm-1');
  await store.tasks.notify(vm, update(T0, 60));
  clock.seconds = T0 + 61;
  // The plain-object fake spreads: every call goes to it, but for the mark.
  const racing: StalenessStore = {
    ...store.staleness,
    markStale: async (key, marker) => {
      await store.tasks.notify(key, update(clock.seconds, 3600));
      return store.staleness.markStale(key, marker);
    },
  };
  await sweeperOn(racing).sweep();
  expect(publisher.said()).toEqual(['stale vm-1', 'recovered vm-1']);
});

test('a failed publish leaves the cursor: the next sweep says it again, with the same event id', async () => {
  await store.tasks.notify(await newTask('vm-1'), update(T0, 60));
  clock.seconds = T0 + 61;
  publisher.failing = true;
  await expect(sweeper.sweep()).rejects.toThrow('PutEvents is down');
  publisher.failing = false;
  expect(await sweeper.sweep()).toMatchObject({ staleEvents: 1 });
  expect(publisher.said()).toEqual(['stale vm-1']);
  expect(publisher.attempts).toHaveLength(2);
  expect(publisher.attempts[1]).toBe(publisher.attempts[0]);
});

test('a sweep stops when the clock reaches stopByMs, and the next goes on from the cursors', async () => {
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    await store.tasks.notify(await newTask(name), update(T0, 60));
  clock.seconds = T0 + 61;
  const paged = sweeperOn(store.staleness, 1);
  expect(await paged.sweep(clock.nowMs())).toMatchObject({ leasesVisited: 0, finished: false });
  expect(await paged.sweep()).toMatchObject({ leasesVisited: 8, staleEvents: 8, finished: true });
  expect(await paged.sweep()).toMatchObject({ leasesVisited: 0, staleEvents: 0, finished: true });
});
