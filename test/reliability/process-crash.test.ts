/**
 * The local endpoint's process under load: killed with SIGKILL, every update acknowledged with 200 before
 * the kill is there after a restart; stopped with SIGTERM, requests in flight are answered before it exits.
 */
import { type MigrationHubClient, NotifyMigrationTaskStateCommand } from '@aws-sdk/client-migration-hub';
import { signedRequest } from '../integration/support/endpoint';
import { cleanUp, clientFor, dataDir, exitOf, npmStart } from '../integration/support/npm-start';
import { callApi } from '../support/calls';
import { until } from '../support/poll';

afterAll(cleanUp);

const TASKS = Array.from({ length: 10 }, (_, i) => `vm-${i}`);

async function setUp(url: string): Promise<void> {
  const call = (target: string, body: object) => callApi(url, target, body);
  await call('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Crash' });
  for (const task of TASKS)
    await call('ImportMigrationTask', { ProgressUpdateStream: 'Crash', MigrationTaskName: task });
}

/** Every update a task's history holds, as UpdateDateTime seconds. */
async function storedMinutes(url: string, task: string): Promise<Set<number>> {
  const minutes = new Set<number>();
  let NextToken: string | undefined;
  do {
    const page = await signedRequest(url, {
      target: 'AWSMigrationHub.ListMigrationTaskUpdates',
      body: JSON.stringify({ ProgressUpdateStream: 'Crash', MigrationTaskName: task, NextToken }),
    });
    for (const update of page.json.MigrationTaskUpdateList as { UpdateDateTime: number }[]) {
      minutes.add((update.UpdateDateTime - Date.UTC(2026, 10, 28) / 1000) / 60);
    }
    NextToken = page.json.NextToken as string | undefined;
  } while (NextToken);
  return minutes;
}

interface Outcome {
  readonly task: string;
  readonly minute: number;
  readonly status: number | 'no response';
}

/** 8 clients send notifications until `stop()`; returns what each request got. */
function load(client: () => MigrationHubClient) {
  let stopped = false;
  let next = 0;
  const outcomes: Outcome[] = [];
  const workers = Array.from({ length: 8 }, async () => {
    const mine = client();
    while (!stopped) {
      const index = next++;
      const task = TASKS[index % TASKS.length] ?? 'vm-0';
      const minute = Math.floor(index / TASKS.length);
      try {
        const response = await mine.send(
          new NotifyMigrationTaskStateCommand({
            ProgressUpdateStream: 'Crash',
            MigrationTaskName: task,
            Task: { Status: 'IN_PROGRESS', ProgressPercent: minute % 101 },
            UpdateDateTime: new Date(Date.UTC(2026, 10, 28, 0, minute)),
            NextUpdateSeconds: 60,
          }),
        );
        outcomes.push({ task, minute, status: response.$metadata.httpStatusCode ?? 'no response' });
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        outcomes.push({ task, minute, status: status ?? 'no response' });
        if (status === undefined) return; // the server is gone
      }
    }
  });
  return {
    outcomes,
    acknowledged: () => outcomes.filter((o) => o.status === 200).length,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

const UNDER_LOAD = { timeoutMs: 20_000, intervalMs: 10 };

test('SIGKILL under load: every update acknowledged before the kill is stored after a restart', async () => {
  const MGH_DATA_DIR = dataDir();
  const first = await npmStart({ MGH_DATA_DIR });
  await setUp(first.url);
  const running = load(() => clientFor(first.url));
  await until(() => running.acknowledged() >= 300, UNDER_LOAD);
  if (first.child.pid) process.kill(-first.child.pid, 'SIGKILL');
  await exitOf(first.child);
  await running.stop();

  const second = await npmStart({ MGH_DATA_DIR });
  const acknowledged = running.outcomes.filter((o) => o.status === 200);
  let verified = 0;
  for (const task of TASKS) {
    const stored = await storedMinutes(second.url, task);
    for (const { minute } of acknowledged.filter((o) => o.task === task)) {
      expect({ task, minute, stored: stored.has(minute) }).toEqual({ task, minute, stored: true });
      verified += 1;
    }
  }
  process.stdout.write(
    `SIGKILL: ${running.outcomes.length} requests, ${verified} acknowledged updates verified after restart\n`,
  );
  expect(verified).toBeGreaterThanOrEqual(300);
  second.child.kill('SIGTERM');
  expect(await exitOf(second.child)).toBe(0);
}, 120_000);

test('SIGTERM under load: requests in flight are answered, acknowledged ones stored, and it exits 0', async () => {
  const MGH_DATA_DIR = dataDir();
  const first = await npmStart({ MGH_DATA_DIR });
  await setUp(first.url);
  const running = load(() => clientFor(first.url));
  await until(() => running.acknowledged() >= 200, UNDER_LOAD);
  first.child.kill('SIGTERM');
  expect(await exitOf(first.child)).toBe(0);
  await running.stop();

  // No request got a server error or a cut-off answer: 200, or refused before the server read it.
  const statuses = new Set(running.outcomes.map((o) => o.status));
  for (const status of statuses) expect([200, 'no response']).toContain(status);

  const second = await npmStart({ MGH_DATA_DIR });
  for (const task of TASKS) {
    const stored = await storedMinutes(second.url, task);
    for (const { minute } of running.outcomes.filter((o) => o.task === task && o.status === 200)) {
      expect({ task, minute, stored: stored.has(minute) }).toEqual({ task, minute, stored: true });
    }
  }
  process.stdout.write(
    `SIGTERM: ${running.outcomes.length} requests, ${running.acknowledged()} acknowledged, all stored\n`,
  );
  second.child.kill('SIGTERM');
  expect(await exitOf(second.child)).toBe(0);
}, 120_000);
