/**
 * The search index's write order under faults a real engine cannot produce on demand (see
 * lambda/store/dynamodb/search-index.ts): an entry is written before the task write, so a fault between them
 * leaves an entry (filtered at read) and never a match without one; what follows an applied write never fails it.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ServiceUnavailableError, ThrottlingError } from '../../lambda/errors';
import { SEARCH_SETTLE_SECONDS } from '../../lambda/store/dynamodb/search-index';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { searchPartition, searchSortKey, searchValueDigest } from '../../lambda/store/table';
import { FakeClock } from '../support/clock';

const client = new DynamoDBClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});
const dynamo = mockClient(DynamoDBDocumentClient);
const clock = new FakeClock();
const store = new DynamoDbTaskStore({ client, tableName: 'table', clock });
const key = { accountId: '111122223333', stream: 'Tool', task: 'vm-1' };
const attributes = [{ Type: 'FQDN', Value: 'new.example' }];

const metadata = { $metadata: {} };
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata });
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
const sent = () => dynamo.calls().map((call) => call.args[0].constructor.name);
const entryKey = (value: string, source: 'A' | 'D' = 'A') => ({
  pk: searchPartition(key.accountId, searchValueDigest(value)),
  sk: searchSortKey(key.stream, key.task, source),
});

beforeEach(() => {
  dynamo.reset();
  clock.seconds = 1_800_000_000;
});

/** The task as the write reads it first. */
const task = () => dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1' } });

describe('PutResourceAttributes: the entries, then the task write, then the old entries', () => {
  test('the entry write fails: the task is not written, and the client may retry', async () => {
    task();
    dynamo.on(PutCommand).rejects(throttled());
    await expect(store.putResourceAttributes(key, attributes)).rejects.toBeInstanceOf(ThrottlingError);
    expect(sent()).toEqual(['GetCommand', 'PutCommand']);
  });

  test('a fault between the entry and the task write: a retryable error, the entry kept, the retry completes', async () => {
    task();
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejectsOnce(connectionRefused()).resolves({});
    await expect(store.putResourceAttributes(key, attributes)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    // Whether the write landed is unknown: the entry stays (a search filters it), never withdrawn.
    expect(sent()).toEqual(['GetCommand', 'PutCommand', 'UpdateCommand']);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      ...entryKey('new.example'),
      stream: 'Tool',
      task: 'vm-1',
      writtenAt: clock.seconds,
    });
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('applied');
  });

  test('refused as read (no such task, stream being deleted): nothing is written', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { stream: 'Tool', task: 'vm-1', deleting: true } });
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('task-not-found');
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('stream-deleting');
    expect(sent()).toEqual(['GetCommand', 'GetCommand']);
  });

  test('refused by the write after the read: gone, the entry is left to a search; stream being deleted, withdrawn if still its own', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', ...metadata }));
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { stream: 'Tool', task: 'vm-1' } })
      .resolvesOnce({});
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('task-not-found');
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);

    dynamo.resetHistory();
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { stream: 'Tool', task: 'vm-1' } })
      .resolves({ Item: { stream: 'Tool', task: 'vm-1', deleting: true } });
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('stream-deleting');
    const writer = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.writer;
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({
        Key: entryKey('new.example'),
        ConditionExpression: 'writer = :writer',
        ExpressionAttributeValues: { ':writer': writer },
      }),
    ]);
  });

  test('applied: the replaced values lose their settled entries; a failure there does not fail the write', async () => {
    task();
    dynamo.on(PutCommand).resolves({});
    dynamo
      .on(UpdateCommand)
      .resolves({ Attributes: { resourceNames: new Set(['old.example', 'new.example']) } });
    dynamo.on(DeleteCommand).rejects(throttled());
    await expect(store.putResourceAttributes(key, attributes)).resolves.toBe('applied');
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({
        Key: entryKey('old.example'),
        ConditionExpression: 'writtenAt < :before',
        ExpressionAttributeValues: { ':before': clock.seconds - SEARCH_SETTLE_SECONDS },
      }),
    ]);
  });
});

describe('a search', () => {
  const entry = (value: string, writtenAt: number) => ({
    ...entryKey(value),
    stream: 'Tool',
    task: 'vm-1',
    writtenAt,
    writer: 'w',
  });

  test('a stale entry is no answer; only a settled one is deleted, and a failed delete does not fail the search', async () => {
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [entry('gone.example', clock.seconds - SEARCH_SETTLE_SECONDS - 1)] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { table: [{ stream: 'Tool', task: 'vm-1', resourceNames: new Set(['now.example']) }] },
    });
    dynamo.on(DeleteCommand).rejects(throttled());
    const page = await store.listTasks(key.accountId, 10, {
      resourceName: 'gone.example',
      streamFilter: () => true,
    });
    expect(page).toEqual({ items: [] });
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({ Key: entryKey('gone.example'), ConditionExpression: 'writtenAt = :seen' }),
    ]);

    dynamo.resetHistory();
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [entry('gone.example', clock.seconds - SEARCH_SETTLE_SECONDS + 1)] });
    await store.listTasks(key.accountId, 10, { resourceName: 'gone.example', streamFilter: () => true });
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  test('a task write that lands between the Query and the read of the task is seen: the task item decides', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [entry('new.example', clock.seconds)] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { table: [{ stream: 'Tool', task: 'vm-1', resourceNames: new Set(['new.example']) }] },
    });
    const page = await store.listTasks(key.accountId, 10, {
      resourceName: 'new.example',
      streamFilter: () => true,
    });
    expect(page.items.map((task) => task.task)).toEqual(['vm-1']);
    expect(sent()).toEqual(['QueryCommand', 'BatchGetCommand']);
  });
});
