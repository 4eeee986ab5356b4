/**
 * The ordering promise under real concurrency: 16 SDK clients send 2,000 notifications for 50 tasks in shuffled
 * order, with duplicates and equal timestamps. Afterwards every task shows its newest update (ties broken by
 * the documented rule) and its history holds every distinct update exactly once.
 */
import {
  CreateProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
  type Task,
} from '@aws-sdk/client-migration-hub';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

interface Update {
  readonly task: string;
  readonly second: number;
  readonly state: Task;
}

const STATUS_RANK = { NOT_STARTED: 0, IN_PROGRESS: 1, FAILED: 2, COMPLETED: 3 } as const;

/** The documented winner: latest UpdateDateTime, then further-along status, then higher progress. */
function newest(updates: readonly Update[]): Update | undefined {
  return [...updates].sort(
    (a, b) =>
      b.second - a.second ||
      STATUS_RANK[b.state.Status ?? 'NOT_STARTED'] - STATUS_RANK[a.state.Status ?? 'NOT_STARTED'] ||
      (b.state.ProgressPercent ?? -1) - (a.state.ProgressPercent ?? -1),
  )[0];
}

test('16 concurrent clients, 2,000 shuffled notifications with duplicates and ties: newest wins, history exact', async () => {
  const tasks = Array.from({ length: 50 }, (_, i) => `vm-${String(i).padStart(2, '0')}`);
  const setup = endpoint.client();
  await setup.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Load' }));
  for (const task of tasks) {
    await setup.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Load', MigrationTaskName: task }),
    );
  }

  // 1,600 distinct updates (32 per task over 20 seconds, so many share a second), then 400 duplicates.
  const distinct: Update[] = tasks.flatMap((task, t) =>
    Array.from({ length: 32 }, (_, i) => ({
      task,
      second: (i * 7 + t) % 20,
      state: {
        Status: (['NOT_STARTED', 'IN_PROGRESS', 'FAILED', 'COMPLETED'] as const)[(i + t) % 4],
        ProgressPercent: (i * 13 + t) % 101,
      },
    })),
  );
  const unique = [
    ...new Map(
      distinct.map((u) => [`${u.task}|${u.second}|${u.state.Status}|${u.state.ProgressPercent}`, u]),
    ).values(),
  ];
  const sends = [...unique, ...unique.slice(0, 2_000 - unique.length)];
  // A deterministic shuffle (seeded), so a failure can be replayed.
  let seed = 20261128;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = sends.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [sends[i], sends[j]] = [sends[j] as Update, sends[i] as Update];
  }
  expect(sends).toHaveLength(2_000);

  const base = Date.UTC(2026, 10, 28, 12);
  const clients = Array.from({ length: 16 }, () => endpoint.client());
  let cursor = 0;
  let acknowledged = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let index = cursor++; index < sends.length; index = cursor++) {
        const update = sends[index] as Update;
        const response = await client.send(
          new NotifyMigrationTaskStateCommand({
            ProgressUpdateStream: 'Load',
            MigrationTaskName: update.task,
            Task: update.state,
            UpdateDateTime: new Date(base + update.second * 1000),
            NextUpdateSeconds: 60,
          }),
        );
        if (response.$metadata.httpStatusCode === 200) acknowledged += 1;
      }
    }),
  );
  expect(acknowledged).toBe(2_000);

  let verified = 0;
  for (const task of tasks) {
    const mine = unique.filter((u) => u.task === task);
    verified += mine.length;
    const winner = newest(mine);
    const { MigrationTask } = await setup.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Load', MigrationTaskName: task }),
    );
    expect({ task, state: MigrationTask?.Task, at: MigrationTask?.UpdateDateTime?.getTime() }).toEqual({
      task,
      state: winner?.state,
      at: base + (winner?.second ?? 0) * 1000,
    });
    expect(await endpoint.historyItems('Load', task)).toHaveLength(mine.length);
  }
  process.stdout.write(
    `ordering: 16 clients sent ${sends.length} notifications (${unique.length} distinct) for ${tasks.length} tasks; ` +
      `each task shows its newest, ${verified} history entries verified\n`,
  );
}, 120_000);
