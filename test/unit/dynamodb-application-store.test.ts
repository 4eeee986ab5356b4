/**
 * Faults a real engine cannot produce on demand, injected into the DynamoDB client under the application
 * store: keys BatchGetItem leaves unprocessed are asked for again and a page never silently lacks them,
 * throttling and outages reach the client as retryable errors, and a failed condition is older news.
 */
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError, ThrottlingError } from '../../lambda/errors';
import {
  DynamoDbApplicationStore,
  NOTIFY_APPLICATION_WRITE,
} from '../../lambda/store/dynamodb-application-store';
import { applicationItemKey } from '../../lambda/store/table';
import { FakeClock } from '../support/clock';
import { metadata, mockedDynamoDb } from '../support/mocked-dynamodb';

const { client, dynamo } = mockedDynamoDb();
const clock = new FakeClock();
const store = new DynamoDbApplicationStore({ client, tableName: 'table', clock });
const ACCOUNT = '111122223333';
const item = (id: string) => ({
  ...applicationItemKey(ACCOUNT, id),
  applicationId: id,
  applicationStatus: 'IN_PROGRESS',
  updateDateTime: 1_800_000_000,
  statusRank: 1,
});

beforeEach(() => {
  dynamo.reset();
  clock.sleeps.length = 0;
});

test('notify is one conditional UpdateItem; a failed condition is older news, not an error', async () => {
  dynamo
    .on(UpdateCommand)
    .resolvesOnce({})
    .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', ...metadata }));
  const state = { applicationId: 'app-1', status: 'COMPLETED' as const, updateDateTime: 1_800_000_000 };
  expect(await store.notify(ACCOUNT, state)).toBe('applied');
  expect(await store.notify(ACCOUNT, state)).toBe('superseded');
  const sent = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
  expect(sent).toMatchObject({
    Key: applicationItemKey(ACCOUNT, 'app-1'),
    ...NOTIFY_APPLICATION_WRITE,
    ExpressionAttributeValues: { ':id': 'app-1', ':s': 'COMPLETED', ':t': 1_800_000_000, ':r': 2 },
  });
  expect(dynamo.calls()).toHaveLength(2);
});

test('a throttled notification is ThrottlingException, an unreachable store ServiceUnavailableException', async () => {
  const state = { applicationId: 'app-1', status: 'COMPLETED' as const, updateDateTime: 1_800_000_000 };
  dynamo
    .on(UpdateCommand)
    .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow', ...metadata }));
  await expect(store.notify(ACCOUNT, state)).rejects.toBeInstanceOf(ThrottlingError);
  dynamo.reset();
  dynamo
    .on(UpdateCommand)
    .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  await expect(store.notify(ACCOUNT, state)).rejects.toBeInstanceOf(ServiceUnavailableError);
});

test('listing by ids: unprocessed keys are asked for again, and the page has every item', async () => {
  dynamo
    .on(BatchGetCommand)
    .resolvesOnce({
      Responses: { table: [item('app-1')] },
      UnprocessedKeys: { table: { Keys: [applicationItemKey(ACCOUNT, 'app-2')] } },
    })
    .resolvesOnce({ Responses: { table: [item('app-2')] } });
  const page = await store.list(ACCOUNT, 10, { applicationIds: ['app-1', 'app-2', 'ghost'] });
  expect(page.items.map((state) => state.applicationId).sort()).toEqual(['app-1', 'app-2']);
  const calls = dynamo.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.table);
  expect(calls[0]?.Keys).toHaveLength(3);
  expect(calls[0]?.ConsistentRead).toBe(true);
  expect(calls[1]?.Keys).toEqual([applicationItemKey(ACCOUNT, 'app-2')]);
  expect(clock.sleeps).toEqual([100]);
});

test('keys still unprocessed after the last attempt: ThrottlingException, never a short page', async () => {
  dynamo.on(BatchGetCommand).resolves({
    Responses: { table: [] },
    UnprocessedKeys: { table: { Keys: [applicationItemKey(ACCOUNT, 'app-1')] } },
  });
  await expect(store.list(ACCOUNT, 10, { applicationIds: ['app-1'] })).rejects.toBeInstanceOf(
    ThrottlingError,
  );
  expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(3);
});

test('a refused cursor sends nothing; ids already passed are not read again', async () => {
  await expect(store.list(ACCOUNT, 10, { after: 'nope', applicationIds: ['a'] })).rejects.toThrow(
    'not a cursor this listing issued',
  );
  expect(dynamo.calls()).toHaveLength(0);
  dynamo.on(BatchGetCommand).resolves({ Responses: { table: [] } });
  const last = 'f'.repeat(64);
  expect(await store.list(ACCOUNT, 10, { after: last, applicationIds: ['a', 'b'] })).toEqual({ items: [] });
  expect(dynamo.calls()).toHaveLength(0);
});
