/**
 * Application states through the local endpoint with the unmodified JS SDK (@aws-sdk/client-migration-hub
 * 3.523 has the three commands), on both engines: ordering, DryRun, errors as SDK exceptions, the paginator
 * over ListApplicationStates with and without ids, ids of every length the model allows, and the item stored.
 */
import {
  DescribeApplicationStateCommand,
  DryRunOperation,
  HomeRegionNotSetException,
  InvalidInputException,
  ListApplicationStatesCommand,
  NotifyApplicationStateCommand,
  paginateListApplicationStates,
  ResourceNotFoundException,
} from '@aws-sdk/client-migration-hub';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

const at = (seconds: number) => new Date(seconds * 1000);
const T0 = 1_795_900_000;

test('the newest notification wins whatever the arrival order; Describe shows it and its time', async () => {
  const mgh = endpoint.client();
  const notify = (Status: 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED', seconds: number) =>
    mgh.send(
      new NotifyApplicationStateCommand({ ApplicationId: 'sdk-app', Status, UpdateDateTime: at(seconds) }),
    );
  await notify('IN_PROGRESS', T0 + 60);
  await notify('NOT_STARTED', T0);
  await notify('COMPLETED', T0 + 30);
  const described = await mgh.send(new DescribeApplicationStateCommand({ ApplicationId: 'sdk-app' }));
  expect(described.ApplicationStatus).toBe('IN_PROGRESS');
  expect(described.LastUpdatedTime).toEqual(at(T0 + 60));
  // At an equal time, COMPLETED is further along than IN_PROGRESS: it wins, and a retry of the loser changes nothing.
  await notify('COMPLETED', T0 + 60);
  await notify('IN_PROGRESS', T0 + 60);
  expect(await mgh.send(new DescribeApplicationStateCommand({ ApplicationId: 'sdk-app' }))).toMatchObject({
    ApplicationStatus: 'COMPLETED',
    LastUpdatedTime: at(T0 + 60),
  });
});

test('without UpdateDateTime the time of receipt is used', async () => {
  const mgh = endpoint.client();
  const before = Date.now() / 1000;
  await mgh.send(new NotifyApplicationStateCommand({ ApplicationId: 'no-time', Status: 'IN_PROGRESS' }));
  const after = Date.now() / 1000;
  const { LastUpdatedTime } = await mgh.send(
    new DescribeApplicationStateCommand({ ApplicationId: 'no-time' }),
  );
  const seconds = (LastUpdatedTime?.getTime() ?? 0) / 1000;
  expect(seconds).toBeGreaterThanOrEqual(Math.floor(before));
  expect(seconds).toBeLessThanOrEqual(after + 1);
});

test('DryRun is DryRunOperation and writes nothing; an unknown id is ResourceNotFoundException', async () => {
  const mgh = endpoint.client();
  const before = await endpoint.tableSnapshot();
  const dry = mgh.send(
    new NotifyApplicationStateCommand({ ApplicationId: 'dry', Status: 'COMPLETED', DryRun: true }),
  );
  await expect(dry).rejects.toBeInstanceOf(DryRunOperation);
  expect(await endpoint.tableSnapshot()).toBe(before);
  const missing = mgh.send(new DescribeApplicationStateCommand({ ApplicationId: 'dry' }));
  await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
  await expect(missing).rejects.toThrow('Application dry has no migration state.');
});

test('a broken constraint is InvalidInputException naming the member, and writes nothing', async () => {
  const mgh = endpoint.client();
  const before = await endpoint.tableSnapshot();
  const tooLong = mgh.send(
    new NotifyApplicationStateCommand({ ApplicationId: 'x'.repeat(1601), Status: 'COMPLETED' }),
  );
  await expect(tooLong).rejects.toBeInstanceOf(InvalidInputException);
  await expect(tooLong).rejects.toThrow('ApplicationId must be at most 1600 characters long');
  const tooMany = mgh.send(
    new ListApplicationStatesCommand({ ApplicationIds: Array.from({ length: 101 }, (_, n) => `a${n}`) }),
  );
  await expect(tooMany).rejects.toThrow('ApplicationIds must have at most 100 items');
  expect(await endpoint.tableSnapshot()).toBe(before);
});

test('ids of 1,600 characters, and of any characters the model allows, are kept whole and listed', async () => {
  const mgh = endpoint.client();
  const ids = [`${'é'.repeat(1599)}🚀`, 'a|b', 'STREAM|Tool', 'APPLICATION|x', ' spaced \u0000 '];
  for (const ApplicationId of ids) {
    await mgh.send(
      new NotifyApplicationStateCommand({ ApplicationId, Status: 'NOT_STARTED', UpdateDateTime: at(T0) }),
    );
    expect(await mgh.send(new DescribeApplicationStateCommand({ ApplicationId }))).toMatchObject({
      ApplicationStatus: 'NOT_STARTED',
    });
  }
  const listed = await mgh.send(new ListApplicationStatesCommand({ ApplicationIds: ids }));
  expect(listed.ApplicationStateList?.map((state) => state.ApplicationId).sort()).toEqual([...ids].sort());
  // An id that looks like a stream's sort key is an application's, and no stream appears or is hidden by it.
  const doc = DynamoDBDocumentClient.from(endpoint.local.engine.client);
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: endpoint.local.engine.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stream)',
      ExpressionAttributeValues: { ':pk': PRINCIPALS.tool.accountId, ':stream': 'STREAM|' },
    }),
  );
  expect(Items).toEqual([]);
});

test('the SDK paginator walks every state once, with and without ids, MaxResults at a time', async () => {
  const other = endpoint.client({ as: PRINCIPALS.otherAccount });
  const ids = Array.from({ length: 23 }, (_, n) => `paged-${n}`);
  for (const [n, ApplicationId] of ids.entries()) {
    await other.send(
      new NotifyApplicationStateCommand({ ApplicationId, Status: 'IN_PROGRESS', UpdateDateTime: at(T0 + n) }),
    );
  }
  const walk = async (input: { ApplicationIds?: string[]; MaxResults?: number }) => {
    const pages: string[][] = [];
    for await (const page of paginateListApplicationStates(
      { client: other, pageSize: input.MaxResults ?? 100 },
      input,
    )) {
      pages.push((page.ApplicationStateList ?? []).map((state) => state.ApplicationId ?? ''));
    }
    return pages;
  };
  const all = await walk({});
  expect(all).toHaveLength(1);
  expect([...(all[0] ?? [])].sort()).toEqual([...ids].sort());
  const paged = await walk({ MaxResults: 10 });
  expect(paged.map((page) => page.length)).toEqual([10, 10, 3]);
  expect(paged.flat()).toEqual(all[0]);
  const asked = ['paged-3', 'nope', 'paged-17', 'paged-3', 'paged-0', 'paged-22'];
  const named = await walk({ ApplicationIds: asked, MaxResults: 3 });
  expect(named.map((page) => page.length)).toEqual([3, 1]);
  expect(named.flat()).toEqual((all[0] ?? []).filter((id) => asked.includes(id)));
  const state = await other.send(new ListApplicationStatesCommand({ ApplicationIds: ['paged-5'] }));
  expect(state.ApplicationStateList).toEqual([
    { ApplicationId: 'paged-5', ApplicationStatus: 'IN_PROGRESS', LastUpdatedTime: at(T0 + 5) },
  ]);
  expect(state.NextToken).toBeUndefined();
});

test('clients racing shuffled notifications, duplicates and equal times included, converge on the newest', async () => {
  const statuses = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] as const;
  const apps = Array.from({ length: 10 }, (_, n) => `race-${n}`);
  // Per application: times T0..T0+3, every status at each, each sent twice; the newest is T0+3, COMPLETED.
  const notifications = apps.flatMap((ApplicationId) =>
    [0, 1, 2, 3].flatMap((offset) =>
      statuses.flatMap((Status) =>
        [0, 1].map(() => ({ ApplicationId, Status, UpdateDateTime: at(T0 + offset) })),
      ),
    ),
  );
  // A fixed shuffle, so a failure can be replayed.
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = notifications.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [notifications[i], notifications[j]];
    if (a && b) [notifications[i], notifications[j]] = [b, a];
  }
  const clients = Array.from({ length: 8 }, () => endpoint.client());
  await Promise.all(
    clients.map(async (client, c) => {
      for (let n = c; n < notifications.length; n += clients.length) {
        const input = notifications[n];
        if (input) await client.send(new NotifyApplicationStateCommand(input));
      }
    }),
  );
  const listed = await endpoint.client().send(new ListApplicationStatesCommand({ ApplicationIds: apps }));
  expect(listed.ApplicationStateList).toHaveLength(apps.length);
  for (const state of listed.ApplicationStateList ?? []) {
    expect(state).toEqual({
      ApplicationId: expect.stringMatching(/^race-\d$/),
      ApplicationStatus: 'COMPLETED',
      LastUpdatedTime: at(T0 + 3),
    });
  }
});

test('with no home region set, all three are HomeRegionNotSetException', async () => {
  const unset = await startTestEndpoint({ homeRegion: undefined });
  try {
    const mgh = unset.client();
    for (const call of [
      () => mgh.send(new NotifyApplicationStateCommand({ ApplicationId: 'a', Status: 'COMPLETED' })),
      () => mgh.send(new DescribeApplicationStateCommand({ ApplicationId: 'a' })),
      () => mgh.send(new ListApplicationStatesCommand({})),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(HomeRegionNotSetException);
    }
  } finally {
    await unset.close();
  }
});
