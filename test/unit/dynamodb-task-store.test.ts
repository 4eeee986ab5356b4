/**
 * Faults a real engine cannot produce on demand, injected into the DynamoDB client at each step of the write
 * path: every one must reach the client as a retryable error (throttling or a 5xx), never as a 400 of another
 * kind, and never after an answer of 200.
 */
import {
  ConditionalCheckFailedException,
  InternalServerError as DynamoInternalServerError,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { InternalServerError, ServiceUnavailableError, ThrottlingError } from '../../lambda/errors';
import { tieBreakKey, updateDigest } from '../../lambda/model/ordering';
import { storageError } from '../../lambda/store/dynamodb/errors';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { FakeClock } from '../support/clock';
import { metadata, mockedDynamoDb } from '../support/mocked-dynamodb';

const { client, dynamo } = mockedDynamoDb();
const clock = new FakeClock();
const store = new DynamoDbTaskStore({ client, tableName: 'table', clock });
const key = { accountId: '111122223333', stream: 'Tool', task: 'vm-1' };
const update = {
  task: { Status: 'IN_PROGRESS' as const, ProgressPercent: 10 },
  updateDateTime: 1_795_899_600,
  nextUpdateSeconds: 60,
};

const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata });
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'failed',
    ...metadata,
    ...(item && { Item: marshall(item) }),
  });

beforeEach(() => {
  dynamo.reset();
  clock.seconds = 1_800_000_000;
  clock.sleeps.length = 0;
});

describe('storageError', () => {
  test.each([
    ['throttling', throttled(), ThrottlingError],
    ['a refused connection', connectionRefused(), ServiceUnavailableError],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), ServiceUnavailableError],
    [
      'no response at all, the network error wrapped by the SDK',
      Object.assign(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED'), {
        $metadata: { attempts: 3 },
      }),
      ServiceUnavailableError,
    ],
    [
      'a DynamoDB 500',
      new DynamoInternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
      ServiceUnavailableError,
    ],
    [
      'a 503 without a name we know',
      Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }),
      ServiceUnavailableError,
    ],
    [
      'a validation error (our bug)',
      Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
      InternalServerError,
    ],
  ])('%s', (_name, error, expected) => {
    const mapped = storageError(error);
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.cause).toBe(error);
  });

  test('throttling tells the client when to retry', () => {
    expect(storageError(throttled())).toMatchObject({
      retryAfterSeconds: 1,
      statusCode: 400,
      type: 'ThrottlingException',
    });
  });
});

describe('notify', () => {
  test('throttled on the task write: ThrottlingException, and no history was written', async () => {
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(store.notify(key, update)).rejects.toBeInstanceOf(ThrottlingError);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  test('storage down on the task write: ServiceUnavailableException', async () => {
    dynamo.on(UpdateCommand).rejects(connectionRefused());
    await expect(store.notify(key, update)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  test('the history and lease write fails after the task write: a retryable 5xx, and the retry completes both', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(BatchWriteCommand).rejectsOnce(connectionRefused()).resolves({});
    await expect(store.notify(key, update)).rejects.toBeInstanceOf(ServiceUnavailableError);

    // The client retries the same update: the task write's condition admits an equal update again.
    await expect(store.notify(key, update)).resolves.toBe('applied');
    const batches = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.table);
    expect(batches).toHaveLength(2);
    expect(batches[0]).toEqual(batches[1]);
    const keys = batches[1]?.map((request) => [request.PutRequest?.Item?.pk, request.PutRequest?.Item?.sk]);
    expect(keys).toEqual([
      ['111122223333|Tool|vm-1', `001795899600.000000000|${updateDigest(update)}`],
      // The deadline had passed at the store's clock: the lease is due as soon as it can be, the lease lead
      // (20 s) after its write.
      [
        expect.stringMatching(/^LEASE\|[0-3]$/),
        expect.stringMatching(/^001800000020\.000000000\|[0-9a-f]{32}$/),
      ],
    ]);
  });

  test('items a batch leaves unprocessed are sent again; still unprocessed, the client is throttled', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const unprocessed = (input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: { table: input.RequestItems.table?.slice(1) },
    });
    dynamo.on(BatchWriteCommand).callsFakeOnce(unprocessed).resolves({});
    await expect(store.notify(key, update)).resolves.toBe('applied');
    const calls = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.table);
    expect(calls.map((requests) => requests?.length)).toEqual([2, 1]);
    expect(clock.sleeps).toEqual([100]);

    dynamo.reset();
    clock.sleeps.length = 0;
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: input.RequestItems,
    }));
    await expect(store.notify(key, update)).rejects.toBeInstanceOf(ThrottlingError);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  test('an update that cannot go stale is one history put, with no lease', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    await store.notify(key, { ...update, task: { Status: 'COMPLETED', ProgressPercent: 100 } });
    await store.notify(key, { ...update, nextUpdateSeconds: 0 });
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.pk)).toEqual([
      '111122223333|Tool|vm-1',
      '111122223333|Tool|vm-1',
    ]);
  });

  test('the conditional write names exactly the ordering rule', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(BatchWriteCommand).resolves({});
    await store.notify(key, update);
    const input = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    const live = 'attribute_exists(pk) AND attribute_not_exists(deleting)';
    expect(input?.ConditionExpression).toBe(
      `${live} AND attribute_not_exists(updateDateTime) OR ${live} AND updateDateTime < :t OR ` +
        `${live} AND updateDateTime = :t AND tieBreak <= :k`,
    );
    expect(input?.Key).toEqual({ pk: '111122223333|Tool', sk: 'vm-1' });
  });

  test('a failed condition with the stored item returned: newer state means superseded, kept as history', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed({ pk: 'p', sk: 's', updateDateTime: 1_900_000_000 }));
    dynamo.on(PutCommand).resolves({});
    await expect(store.notify(key, update)).resolves.toBe('superseded');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
  });

  test('a failed condition on an engine that returns no item: one consistent read tells the cases apart', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: marshall({ pk: 'p', sk: 's', deleting: true }) });
    await expect(store.notify(key, update)).resolves.toBe('task-not-found');
    await expect(store.notify(key, update)).resolves.toBe('stream-deleting');
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([
      true,
      true,
    ]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  test('the read after a failed condition is throttled: ThrottlingException', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).rejects(throttled());
    await expect(store.notify(key, update)).rejects.toBeInstanceOf(ThrottlingError);
  });
});

describe('create and import', () => {
  test('storage down while reading the stream during import: ServiceUnavailableException, nothing written', async () => {
    dynamo.on(GetCommand).rejects(connectionRefused());
    await expect(store.importTask(key)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  test('throttled while creating a stream: ThrottlingException', async () => {
    dynamo.on(PutCommand).rejects(throttled());
    await expect(store.createStream(key, 'arn:aws:iam::111122223333:user/x')).rejects.toBeInstanceOf(
      ThrottlingError,
    );
  });
});

describe('discovered resources: the set on the task, then the listed item (see dynamodb/resources.ts)', () => {
  const resource = { ConfigurationId: 'd-server-1' };

  test('associate: the listed item fails after the set was written; a retryable 5xx, and the retry completes', async () => {
    dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1' } });
    dynamo.on(UpdateCommand).resolves({});
    // The task read, the search index entry, then the set, then the listed item (which fails).
    dynamo.on(PutCommand).resolvesOnce({}).rejectsOnce(connectionRefused()).resolves({});
    await expect(store.associateDiscoveredResource(key, resource)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    const names = dynamo.calls().map((call) => call.args[0].constructor.name);
    expect(names).toEqual(['GetCommand', 'PutCommand', 'UpdateCommand', 'PutCommand']);
    await expect(store.associateDiscoveredResource(key, resource)).resolves.toBe('applied');
  });

  test('associate: a task without room, as read, writes nothing', async () => {
    const full = new Set(Array.from({ length: 100 }, (_, n) => `${n}`.padStart(64, '0')));
    dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1', discoveredIds: full } });
    await expect(store.associateDiscoveredResource(key, resource)).resolves.toBe('too-many');
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand']);
  });

  test('associate: filled up by a racing call after the read, its search index entry is left to a search', async () => {
    dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1' } });
    dynamo.on(UpdateCommand).rejects(conditionFailed({ pk: 'p', sk: 's', stream: 'Tool', task: 'vm-1' }));
    await expect(store.associateDiscoveredResource(key, resource)).resolves.toBe('too-many');
    const [, ...listed] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(listed).toEqual([]);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  test('associate: a stream marked for deletion after the read lists nothing, and withdraws its own entry', async () => {
    dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1' } });
    dynamo
      .on(UpdateCommand)
      .rejects(conditionFailed({ pk: 'p', sk: 's', stream: 'Tool', task: 'vm-1', deleting: true }));
    await expect(store.associateDiscoveredResource(key, resource)).resolves.toBe('stream-deleting');
    const [entry, ...listed] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(listed).toEqual([]);
    const [withdrawn] = dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input);
    expect(withdrawn).toMatchObject({
      Key: { pk: entry?.pk, sk: entry?.sk },
      ConditionExpression: 'writer = :writer',
      ExpressionAttributeValues: { ':writer': entry?.writer },
    });
  });

  test('disassociate: throttled on the listed item, the set is left alone; neither there, not associated', async () => {
    dynamo.on(GetCommand).resolves({ Item: { stream: 'Tool', task: 'vm-1' } });
    dynamo.on(DeleteCommand).rejectsOnce(throttled()).resolves({});
    await expect(store.disassociateDiscoveredResource(key, 'd-server-1')).rejects.toBeInstanceOf(
      ThrottlingError,
    );
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(store.disassociateDiscoveredResource(key, 'd-server-1')).resolves.toBe('not-associated');
  });
});

test('digests differ for any difference in an update and match for the same update', () => {
  const same = updateDigest({ ...update, task: { ...update.task } });
  expect(same).toBe(updateDigest(update));
  const variants = [
    { ...update, updateDateTime: update.updateDateTime + 0.001 },
    { ...update, nextUpdateSeconds: 61 },
    { ...update, task: { ...update.task, Status: 'FAILED' as const } },
    { ...update, task: { ...update.task, StatusDetail: '' } },
    { ...update, task: { Status: update.task.Status } },
  ];
  const digests = new Set([same, ...variants.map(updateDigest)]);
  expect(digests.size).toBe(variants.length + 1);
});

test('at equal UpdateDateTime the tie-break key orders by status, then progress, then digest', () => {
  const at = (
    task:
      | (typeof update)['task']
      | { Status: 'NOT_STARTED' | 'FAILED' | 'COMPLETED'; ProgressPercent?: number },
  ) => {
    const candidate = { ...update, task };
    return tieBreakKey(candidate, updateDigest(candidate));
  };
  const ascending = [
    at({ Status: 'NOT_STARTED' }),
    at({ Status: 'IN_PROGRESS', ProgressPercent: 0 }),
    at({ Status: 'IN_PROGRESS', ProgressPercent: 9 }),
    at({ Status: 'IN_PROGRESS', ProgressPercent: 10 }),
    at({ Status: 'IN_PROGRESS', ProgressPercent: 100 }),
    at({ Status: 'FAILED' }),
    at({ Status: 'COMPLETED' }),
    at({ Status: 'COMPLETED', ProgressPercent: 100 }),
  ];
  expect([...ascending].sort()).toEqual(ascending);
});
