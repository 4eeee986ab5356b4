/**
 * Staleness as a user meets it through the local endpoint: the sweep runs on its timer (every second here),
 * DescribeMigrationTask and ListMigrationTasks show `Stale` and `StaleSince` in the raw JSON (SDKs drop
 * members they do not model), and events.jsonl receives each transition in the shape PutEvents takes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  type MigrationHubClient,
  type Task,
} from '@aws-sdk/client-migration-hub';
import { notifyCommand } from '../support/calls';
import { FakeClock } from '../support/clock';
import { pollUntil } from '../support/poll';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
let client: MigrationHubClient;
const STREAM = 'Watcher';

/**
 * The endpoint's clock: the test moves it past deadlines instead of waiting for them. The sweep still runs on
 * its real 1 s timer, which is all the waiting left.
 */
const clock = new FakeClock(Date.now());

beforeAll(async () => {
  endpoint = await startTestEndpoint({ sweepIntervalMs: 1_000, leaseLeadSeconds: 1, clock });
  client = endpoint.client();
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: STREAM }));
});

afterAll(async () => {
  await endpoint.close();
});

async function notify(task: string, at: number, state: Task, next: number): Promise<void> {
  await client.send(notifyCommand(STREAM, task, state, at, next));
}

async function describeRaw(task: string): Promise<Record<string, unknown>> {
  const response = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.DescribeMigrationTask',
    body: JSON.stringify({ ProgressUpdateStream: STREAM, MigrationTaskName: task }),
  });
  expect(response.status).toBe(200);
  return response.json.MigrationTask as Record<string, unknown>;
}

interface EventLine {
  Source: string;
  DetailType: string;
  Detail: string;
  Time: string;
  EventBusName: string;
}

function events(): EventLine[] {
  try {
    const text = readFileSync(join(endpoint.dataDir, 'events.jsonl'), 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as EventLine);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function eventFor(task: string, type: string) {
  return () =>
    events().find((line) => line.DetailType === type && JSON.parse(line.Detail).migrationTaskName === task);
}

test('a task whose deadline passes is stale at once in the API, and its event follows within a few sweeps', async () => {
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: STREAM, MigrationTaskName: 'vm-1' }),
  );
  const at = Math.floor(clock.seconds);
  await notify('vm-1', at, { Status: 'IN_PROGRESS', ProgressPercent: 40 }, 2);
  expect(await describeRaw('vm-1')).toMatchObject({ Stale: false });
  expect(await describeRaw('vm-1')).not.toHaveProperty('StaleSince');

  // The API shows staleness the moment the deadline passes; the next sweep publishes it.
  clock.seconds = at + 2;
  expect(await describeRaw('vm-1')).toMatchObject({ Stale: false });
  clock.seconds = at + 2.001;
  expect(await describeRaw('vm-1')).toMatchObject({ Stale: true, StaleSince: at + 2 });
  const list = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.ListMigrationTasks',
    body: '{}',
  });
  expect(list.json.MigrationTaskSummaryList).toContainEqual(
    expect.objectContaining({ MigrationTaskName: 'vm-1', Stale: true, StaleSince: at + 2 }),
  );

  clock.seconds = at + 4;
  const event = await pollUntil(eventFor('vm-1', 'Migration Task Stale'));
  const detectedAt = Date.parse(event.Time) / 1000;
  expect(detectedAt - (at + 2)).toBeLessThan(1 + 2); // the sweep interval + slack
  expect(event).toMatchObject({ Source: 'migration-hub', EventBusName: 'default' });
  expect(JSON.parse(event.Detail)).toMatchObject({
    accountId: '111122223333',
    progressUpdateStream: STREAM,
    migrationTaskName: 'vm-1',
    lastState: { Status: 'IN_PROGRESS', ProgressPercent: 40 },
    deadline: new Date((at + 2) * 1000).toISOString(),
  });
  expect(endpoint.logger.entries).toContainEqual(
    expect.objectContaining({
      message: 'event',
      fields: expect.objectContaining({ detailType: 'Migration Task Stale' }),
    }),
  );

  // A newer notification clears it at once in the API, and the sweep publishes the recovery.
  await notify('vm-1', at + 4, { Status: 'IN_PROGRESS', ProgressPercent: 60 }, 3600);
  expect(await describeRaw('vm-1')).toMatchObject({ Stale: false, Task: { ProgressPercent: 60 } });
  clock.seconds = at + 6;
  const recovered = await pollUntil(eventFor('vm-1', 'Migration Task Recovered'));
  expect(JSON.parse(recovered.Detail)).toMatchObject({
    staleSince: new Date((at + 2) * 1000).toISOString(),
    state: { Status: 'IN_PROGRESS', ProgressPercent: 60 },
  });
  expect(events().filter((line) => JSON.parse(line.Detail).migrationTaskName === 'vm-1')).toHaveLength(2);
});

test('an older notification does not clear staleness; COMPLETED never goes stale', async () => {
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: STREAM, MigrationTaskName: 'vm-2' }),
  );
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: STREAM, MigrationTaskName: 'vm-3' }),
  );
  const now = Math.floor(clock.seconds);
  await notify('vm-2', now - 120, { Status: 'IN_PROGRESS', ProgressPercent: 30 }, 60);
  await notify('vm-2', now - 300, { Status: 'IN_PROGRESS', ProgressPercent: 10 }, 600); // older news
  expect(await describeRaw('vm-2')).toMatchObject({ Stale: true, StaleSince: now - 60 });
  await notify('vm-3', now - 7200, { Status: 'COMPLETED', ProgressPercent: 100 }, 60);
  expect(await describeRaw('vm-3')).toMatchObject({ Stale: false });
  // Its deadline has passed: its lease is due the lease lead (1 s here) after the notification.
  clock.advanceSeconds(2);
  await pollUntil(eventFor('vm-2', 'Migration Task Stale'));
  expect(eventFor('vm-3', 'Migration Task Stale')()).toBeUndefined();
});
