/**
 * The life of a migration task as a migration tool drives it, through the local endpoint with the unmodified
 * AWS SDK, signed both as the service (`mgh`) and as API Gateway requires (`execute-api`).
 */
import {
  CreateProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  ImportMigrationTaskCommand,
  type MigrationHubClient,
  ResourceNotFoundException,
  type Task,
} from '@aws-sdk/client-migration-hub';
import { callApi, notifyCommand } from '../support/calls';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

async function setUp(client: MigrationHubClient, stream: string, task: string): Promise<void> {
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: stream }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: stream, MigrationTaskName: task }),
  );
}

function notify(client: MigrationHubClient, stream: string, task: string, at: Date, state: Task, next = 60) {
  return client.send(notifyCommand(stream, task, state, at, next));
}

async function describe_(client: MigrationHubClient, stream: string, task: string) {
  const { MigrationTask } = await client.send(
    new DescribeMigrationTaskCommand({ ProgressUpdateStream: stream, MigrationTaskName: task }),
  );
  return MigrationTask;
}

describe.each(['mgh', 'execute-api'] as const)('signed for %s', (signingName) => {
  const stream = `Tool-${signingName}`;

  test('create, import, notify and describe a task', async () => {
    const client = endpoint.client({ signingName });
    await setUp(client, stream, 'vm-1');

    const imported = await describe_(client, stream, 'vm-1');
    expect(imported).toEqual({
      ProgressUpdateStream: stream,
      MigrationTaskName: 'vm-1',
      ResourceAttributeList: [],
    });

    const at = new Date('2026-11-28T20:47:44.000Z');
    const response = await notify(client, stream, 'vm-1', at, {
      Status: 'IN_PROGRESS',
      StatusDetail: 'Copying image data',
      ProgressPercent: 42,
    });
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    expect(await describe_(client, stream, 'vm-1')).toEqual({
      ProgressUpdateStream: stream,
      MigrationTaskName: 'vm-1',
      Task: { Status: 'IN_PROGRESS', StatusDetail: 'Copying image data', ProgressPercent: 42 },
      UpdateDateTime: at,
      ResourceAttributeList: [],
    });
  });
});

test('the update with the latest UpdateDateTime wins, whatever order updates arrive in', async () => {
  const client = endpoint.client();
  await setUp(client, 'Ordering', 'vm-2');
  const t = (minute: number) => new Date(Date.UTC(2026, 10, 28, 20, minute));

  await notify(client, 'Ordering', 'vm-2', t(30), { Status: 'IN_PROGRESS', ProgressPercent: 50 });
  await notify(client, 'Ordering', 'vm-2', t(50), { Status: 'COMPLETED', ProgressPercent: 100 });
  const late = await notify(client, 'Ordering', 'vm-2', t(40), {
    Status: 'IN_PROGRESS',
    ProgressPercent: 80,
  });
  expect(late.$metadata.httpStatusCode).toBe(200);
  await notify(client, 'Ordering', 'vm-2', t(10), { Status: 'NOT_STARTED' });

  const task = await describe_(client, 'Ordering', 'vm-2');
  expect(task?.Task).toEqual({ Status: 'COMPLETED', ProgressPercent: 100 });
  expect(task?.UpdateDateTime).toEqual(t(50));

  // The late updates are logged as out of order, with the names of what they addressed.
  const outOfOrder = endpoint.logger.entries.filter((entry) => entry.fields?.outOfOrder === true);
  expect(outOfOrder.map((entry) => entry.fields)).toEqual([
    expect.objectContaining({
      operation: 'NotifyMigrationTaskState',
      stream: 'Ordering',
      task: 'vm-2',
      statusCode: 200,
    }),
    expect.objectContaining({
      operation: 'NotifyMigrationTaskState',
      stream: 'Ordering',
      task: 'vm-2',
      statusCode: 200,
    }),
  ]);

  // Every update is history, the late ones included, kept in UpdateDateTime order.
  const history = await endpoint.historyItems('Ordering', 'vm-2');
  expect(history.map((item) => item.taskState)).toEqual([
    { Status: 'NOT_STARTED' },
    { Status: 'IN_PROGRESS', ProgressPercent: 50 },
    { Status: 'IN_PROGRESS', ProgressPercent: 80 },
    { Status: 'COMPLETED', ProgressPercent: 100 },
  ]);
});

test('a repeated update changes nothing and is kept once', async () => {
  const client = endpoint.client();
  await setUp(client, 'Retries', 'vm-3');
  const at = new Date(Date.UTC(2026, 10, 28, 21));
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await notify(client, 'Retries', 'vm-3', at, { Status: 'IN_PROGRESS', ProgressPercent: 10 });
  }
  const before = await endpoint.taskItem('Retries', 'vm-3');
  expect(before).toMatchObject({ taskState: { Status: 'IN_PROGRESS', ProgressPercent: 10 } });
  expect(await endpoint.historyItems('Retries', 'vm-3')).toHaveLength(1);
});

test('updates with the same UpdateDateTime: both kept, the further-along state wins in either order', async () => {
  // SDKs that send whole seconds make this common: 99% and then COMPLETED within one second.
  const client = endpoint.client();
  const at = new Date(Date.UTC(2026, 10, 28, 22));
  const cases: [Task, Task][] = [
    [
      { Status: 'IN_PROGRESS', ProgressPercent: 99 },
      { Status: 'COMPLETED', ProgressPercent: 100 },
    ],
    [
      { Status: 'IN_PROGRESS', ProgressPercent: 60 },
      { Status: 'FAILED', StatusDetail: 'disk full' },
    ],
    [
      { Status: 'IN_PROGRESS', ProgressPercent: 10 },
      { Status: 'IN_PROGRESS', ProgressPercent: 11 },
    ],
    [{ Status: 'NOT_STARTED' }, { Status: 'IN_PROGRESS' }],
  ];
  for (const [index, [behind, ahead]] of cases.entries()) {
    for (const [name, order] of [
      [`in-order-${index}`, [behind, ahead]],
      [`reversed-${index}`, [ahead, behind]],
    ] as const) {
      await setUp(client, 'Ties', name);
      for (const state of order) await notify(client, 'Ties', name, at, state);
      expect((await describe_(client, 'Ties', name))?.Task).toEqual(ahead);
      expect(await endpoint.historyItems('Ties', name)).toHaveLength(2);
    }
  }
});

test('fractional UpdateDateTime is kept, ordered and returned to the precision sent', async () => {
  // JS SDK 3.523 rounds to whole seconds; newer SDKs and botocore send fractions, as these raw calls do.
  await setUp(endpoint.client(), 'Precision', 'vm-4');
  const call = (target: string, body: object) => callApi(endpoint.url, target, body);
  const update = (UpdateDateTime: number, ProgressPercent: number) =>
    call('NotifyMigrationTaskState', {
      ProgressUpdateStream: 'Precision',
      MigrationTaskName: 'vm-4',
      Task: { Status: 'IN_PROGRESS', ProgressPercent },
      UpdateDateTime,
      NextUpdateSeconds: 60,
    });

  expect((await update(1795899600.123457, 2)).status).toBe(200);
  expect((await update(1795899600.123456, 1)).status).toBe(200);

  const described = await call('DescribeMigrationTask', {
    ProgressUpdateStream: 'Precision',
    MigrationTaskName: 'vm-4',
  });
  expect(described.json.MigrationTask).toMatchObject({
    Task: { Status: 'IN_PROGRESS', ProgressPercent: 2 },
    UpdateDateTime: 1795899600.123457,
  });
  const history = await endpoint.historyItems('Precision', 'vm-4');
  expect(history.map((item) => item.updateDateTime)).toEqual([1795899600.123456, 1795899600.123457]);
});

test('importing a task that exists succeeds and keeps its state', async () => {
  const client = endpoint.client();
  await setUp(client, 'Reimport', 'vm-5');
  const at = new Date(Date.UTC(2026, 10, 28, 23));
  await notify(client, 'Reimport', 'vm-5', at, { Status: 'IN_PROGRESS', ProgressPercent: 70 });

  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Reimport' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Reimport', MigrationTaskName: 'vm-5' }),
  );

  const task = await describe_(client, 'Reimport', 'vm-5');
  expect(task?.Task).toEqual({ Status: 'IN_PROGRESS', ProgressPercent: 70 });
  expect(task?.UpdateDateTime).toEqual(at);
});

test('the longest valid names are stored and found again', async () => {
  const client = endpoint.client();
  // 50 and 256 code points of 4 bytes each: the largest keys the model allows.
  const stream = '🚚'.repeat(50);
  const task = '🖥'.repeat(256);
  await setUp(client, stream, task);
  await notify(client, stream, task, new Date(Date.UTC(2026, 10, 28)), {
    Status: 'COMPLETED',
    ProgressPercent: 100,
  });
  expect((await describe_(client, stream, task))?.Task?.Status).toBe('COMPLETED');
});

test('streams are namespaced by account: the same name in two accounts is two streams', async () => {
  const tool = endpoint.client();
  const other = endpoint.client({ as: PRINCIPALS.otherAccount });
  await setUp(tool, 'Shared', 'vm-6');

  await expect(describe_(other, 'Shared', 'vm-6')).rejects.toBeInstanceOf(ResourceNotFoundException);
  await expect(
    notify(other, 'Shared', 'vm-6', new Date(), { Status: 'FAILED', StatusDetail: 'not yours' }),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);

  await setUp(other, 'Shared', 'vm-6');
  await notify(other, 'Shared', 'vm-6', new Date(Date.UTC(2026, 10, 1)), { Status: 'COMPLETED' });
  expect((await describe_(other, 'Shared', 'vm-6'))?.Task?.Status).toBe('COMPLETED');
  expect((await describe_(tool, 'Shared', 'vm-6'))?.Task).toBeUndefined();
  expect(await endpoint.taskItem('Shared', 'vm-6', PRINCIPALS.otherAccount.accountId)).toMatchObject({
    taskState: { Status: 'COMPLETED' },
  });
});
