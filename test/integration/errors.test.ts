/**
 * Every modeled error where the real service raises it, as the unmodified SDK surfaces it (its exception
 * class), and that a refused call wrote nothing.
 */
import {
  AccessDeniedException,
  CreateProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  DryRunOperation,
  HomeRegionNotSetException,
  ImportMigrationTaskCommand,
  InvalidInputException,
  type MigrationHubClient,
  NotifyMigrationTaskStateCommand,
  ResourceNotFoundException,
  UnauthorizedOperation,
} from '@aws-sdk/client-migration-hub';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { PRINCIPALS, signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
let client: MigrationHubClient;

beforeAll(async () => {
  endpoint = await startTestEndpoint({
    streamRules: [
      { stream: 'Locked*', writers: ['arn:aws:iam::111122223333:role/operator'] },
      { stream: 'ReadOnly', writers: ['arn:aws:iam::111122223333:role/operator'], readers: ['*:user/*'] },
    ],
  });
  client = endpoint.client();
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
  );
});

afterAll(async () => {
  await endpoint.close();
});

const notifyInput = (stream: string, task: string) => ({
  ProgressUpdateStream: stream,
  MigrationTaskName: task,
  Task: { Status: 'IN_PROGRESS' as const, ProgressPercent: 5 },
  UpdateDateTime: new Date(Date.UTC(2026, 10, 28, 12)),
  NextUpdateSeconds: 300,
});

describe('ResourceNotFoundException', () => {
  test('importing into a stream that does not exist', async () => {
    const call = client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Nope', MigrationTaskName: 'vm-1' }),
    );
    await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(call).rejects.toThrow('Progress update stream Nope does not exist');
    expect(await endpoint.taskItem('Nope', 'vm-1')).toBeUndefined();
  });

  test('notifying a task that was never imported, or in a stream that does not exist', async () => {
    for (const [stream, task] of [
      ['Tool', 'never-imported'],
      ['Nope', 'vm-1'],
    ] as const) {
      const call = client.send(new NotifyMigrationTaskStateCommand(notifyInput(stream, task)));
      await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(call).rejects.toThrow(
        `Migration task ${task} does not exist in progress update stream ${stream}`,
      );
      expect(await endpoint.taskItem(stream, task)).toBeUndefined();
      expect(await endpoint.historyItems(stream, task)).toEqual([]);
    }
  });

  test('describing a task that does not exist', async () => {
    const call = client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'x' }),
    );
    await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('DryRun never succeeds and writes nothing', () => {
  test('CreateProgressUpdateStream', async () => {
    const call = client.send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Dry', DryRun: true }),
    );
    await expect(call).rejects.toBeInstanceOf(DryRunOperation);
    // The service's own words for a dry run that would have succeeded.
    await expect(call).rejects.toThrow(/^Dry Run was a success!/);
    expect(await endpoint.streamItem('Dry')).toBeUndefined();
  });

  test('ImportMigrationTask', async () => {
    const call = client.send(
      new ImportMigrationTaskCommand({
        ProgressUpdateStream: 'Tool',
        MigrationTaskName: 'dry',
        DryRun: true,
      }),
    );
    await expect(call).rejects.toBeInstanceOf(DryRunOperation);
    expect(await endpoint.taskItem('Tool', 'dry')).toBeUndefined();
  });

  test('NotifyMigrationTaskState', async () => {
    const call = client.send(
      new NotifyMigrationTaskStateCommand({ ...notifyInput('Tool', 'vm-1'), DryRun: true }),
    );
    await expect(call).rejects.toBeInstanceOf(DryRunOperation);
    expect(await endpoint.taskItem('Tool', 'vm-1')).not.toHaveProperty('taskState');
    expect(await endpoint.historyItems('Tool', 'vm-1')).toEqual([]);
  });

  test('DryRun with invalid input is InvalidInputException: only a call that would succeed is a DryRunOperation', async () => {
    const call = client.send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'a/b', DryRun: true }),
    );
    await expect(call).rejects.toBeInstanceOf(InvalidInputException);
  });

  test('DryRun: false writes as usual', async () => {
    await client.send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Wet', DryRun: false }),
    );
    expect(await endpoint.streamItem('Wet')).toMatchObject({
      state: 'ACTIVE',
      createdBy: PRINCIPALS.tool.arn,
    });
  });
});

describe('stream permissions: AccessDeniedException, and UnauthorizedOperation for DryRun', () => {
  const operator = () => endpoint.client({ as: PRINCIPALS.operator });

  test('a principal not listed may not write a restricted stream, and nothing is written', async () => {
    const create = client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Locked' }));
    await expect(create).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(create).rejects.toThrow(
      `${PRINCIPALS.tool.arn} may not write progress update stream Locked`,
    );
    expect(await endpoint.streamItem('Locked')).toBeUndefined();

    const dryRun = client.send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Locked', DryRun: true }),
    );
    await expect(dryRun).rejects.toBeInstanceOf(UnauthorizedOperation);
  });

  test("an assumed-role session is matched as its role; the stream's writers may write and read", async () => {
    const dryRun = operator().send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Locked-2', DryRun: true }),
    );
    await expect(dryRun).rejects.toBeInstanceOf(DryRunOperation);
    await operator().send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Locked-2' }));
    await operator().send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Locked-2', MigrationTaskName: 't' }),
    );
    await operator().send(new NotifyMigrationTaskStateCommand(notifyInput('Locked-2', 't')));
    const { MigrationTask } = await operator().send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Locked-2', MigrationTaskName: 't' }),
    );
    expect(MigrationTask?.Task?.Status).toBe('IN_PROGRESS');

    const denied = client.send(
      new NotifyMigrationTaskStateCommand({ ...notifyInput('Locked-2', 't'), NextUpdateSeconds: 1 }),
    );
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedException);
    expect(await endpoint.historyItems('Locked-2', 't')).toHaveLength(1);
    const read = client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Locked-2', MigrationTaskName: 't' }),
    );
    await expect(read).rejects.toBeInstanceOf(AccessDeniedException);
  });

  test('readers may read a stream but not write it', async () => {
    await operator().send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'ReadOnly' }));
    await operator().send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'ReadOnly', MigrationTaskName: 't' }),
    );
    const { MigrationTask } = await client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'ReadOnly', MigrationTaskName: 't' }),
    );
    expect(MigrationTask?.MigrationTaskName).toBe('t');
    const write = client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'ReadOnly', MigrationTaskName: 'u' }),
    );
    await expect(write).rejects.toBeInstanceOf(AccessDeniedException);
    expect(await endpoint.taskItem('ReadOnly', 'u')).toBeUndefined();
  });
});

describe('home region', () => {
  test('a call signed for another region is InvalidInputException and writes nothing', async () => {
    const elsewhere = endpoint.client({ region: 'eu-west-1' });
    const call = elsewhere.send(
      new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Elsewhere' }),
    );
    await expect(call).rejects.toBeInstanceOf(InvalidInputException);
    await expect(call).rejects.toThrow('the Migration Hub home region is us-east-1');
    expect(await endpoint.streamItem('Elsewhere')).toBeUndefined();
  });

  test('with no home region set, every call is HomeRegionNotSetException and nothing is written', async () => {
    const unset = await startTestEndpoint({ homeRegion: undefined });
    try {
      const noHome = unset.client();
      const calls = [
        () => noHome.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool' })),
        () =>
          noHome.send(
            new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
          ),
        () => noHome.send(new NotifyMigrationTaskStateCommand(notifyInput('Tool', 'vm-1'))),
        () =>
          noHome.send(
            new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
          ),
        () =>
          noHome.send(
            new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool', DryRun: true }),
          ),
      ];
      for (const call of calls) {
        await expect(call()).rejects.toBeInstanceOf(HomeRegionNotSetException);
      }
      expect(await unset.streamItem('Tool')).toBeUndefined();
    } finally {
      await unset.close();
    }
  });
});

describe('a stream being deleted', () => {
  test('refuses Create, Import and Notify with InvalidInputException, and still answers Describe', async () => {
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Going' }));
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Going', MigrationTaskName: 'vm-1' }),
    );
    const store = new DynamoDbTaskStore({
      client: endpoint.local.engine.client,
      tableName: endpoint.local.engine.tableName,
    });
    expect(await store.beginStreamDeletion({ accountId: PRINCIPALS.tool.accountId, stream: 'Going' })).toBe(
      'deleting',
    );

    const refused = [
      client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Going' })),
      client.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Going', MigrationTaskName: 'vm-2' }),
      ),
      client.send(new NotifyMigrationTaskStateCommand(notifyInput('Going', 'vm-1'))),
    ];
    for (const call of refused) {
      await expect(call).rejects.toBeInstanceOf(InvalidInputException);
      await expect(call).rejects.toThrow('Progress update stream Going is being deleted');
    }
    expect(await endpoint.taskItem('Going', 'vm-2')).toBeUndefined();
    expect(await endpoint.historyItems('Going', 'vm-1')).toEqual([]);
    const { MigrationTask } = await client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Going', MigrationTaskName: 'vm-1' }),
    );
    expect(MigrationTask?.MigrationTaskName).toBe('vm-1');
  });
});

describe('the wire shape of an error', () => {
  test('__type and x-amzn-ErrorType agree, Message is capitalised, every response has a request id', async () => {
    const response = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.DescribeMigrationTask',
      body: JSON.stringify({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'missing' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json).toEqual({
      __type: 'ResourceNotFoundException',
      Message:
        'Migration task missing does not exist in progress update stream Tool. Call ImportMigrationTask first.',
    });
  });

  test('success is 200 with {} and a request id, on the path with or without a trailing slash', async () => {
    for (const path of ['/', '/prod', '/prod/']) {
      const response = await signedRequest(endpoint.url, {
        path,
        target: 'AWSMigrationHub.CreateProgressUpdateStream',
        body: JSON.stringify({ ProgressUpdateStreamName: 'Tool' }),
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({});
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
