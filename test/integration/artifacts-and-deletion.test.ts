/**
 * Created artifacts, and the asynchronous deletion of a stream: refused writes at once, data gone in the
 * background, the name reusable afterwards, other streams untouched, and a deletion cut short resumed.
 */
import {
  AssociateCreatedArtifactCommand,
  AssociateDiscoveredResourceCommand,
  CreateProgressUpdateStreamCommand,
  DeleteProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  DisassociateCreatedArtifactCommand,
  DryRunOperation,
  ImportMigrationTaskCommand,
  InvalidInputException,
  ListDiscoveredResourcesCommand,
  ListMigrationTasksCommand,
  type MigrationHubClient,
  NotifyMigrationTaskStateCommand,
  PutResourceAttributesCommand,
  paginateListCreatedArtifacts,
  ResourceNotFoundException,
} from '@aws-sdk/client-migration-hub';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { StreamDeletion } from '../../lambda/store/stream-deletion';
import { discoveredResourcesPartition, sourceResourcesPartition } from '../../lambda/store/table';
import { callApi } from '../support/calls';
import { FakeClock } from '../support/clock';
import { until } from '../support/poll';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
let client: MigrationHubClient;

/**
 * The endpoint's clock: the background deletion runs every 100 ms, but its grace period ends only when the test
 * moves this clock on, so a deleted stream's data stays until the test has seen its writes refused.
 */
const clock = new FakeClock(Date.now());
const GRACE_SECONDS = 30;

beforeAll(async () => {
  endpoint = await startTestEndpoint({ deletionIntervalMs: 100, deletionGraceSeconds: GRACE_SECONDS, clock });
  client = endpoint.client();
});

afterAll(async () => {
  await endpoint.close();
});

async function seed(stream: string, tasks: number): Promise<void> {
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: stream }));
  for (let i = 0; i < tasks; i += 1) {
    const task = `vm-${i}`;
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: stream, MigrationTaskName: task }),
    );
    await client.send(
      new NotifyMigrationTaskStateCommand({
        ProgressUpdateStream: stream,
        MigrationTaskName: task,
        Task: { Status: 'IN_PROGRESS', ProgressPercent: i },
        UpdateDateTime: new Date(Date.UTC(2026, 10, 28, 1, i)),
        NextUpdateSeconds: 60,
      }),
    );
    await client.send(
      new AssociateCreatedArtifactCommand({
        ProgressUpdateStream: stream,
        MigrationTaskName: task,
        CreatedArtifact: { Name: `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}` },
      }),
    );
    await client.send(
      new AssociateDiscoveredResourceCommand({
        ProgressUpdateStream: stream,
        MigrationTaskName: task,
        DiscoveredResource: { ConfigurationId: `d-${stream}-${i}` },
      }),
    );
    const source = await callApi(endpoint.url, 'AssociateSourceResource', {
      ProgressUpdateStream: stream,
      MigrationTaskName: task,
      SourceResource: { Name: `wave ${i}` },
    });
    expect(source.status).toBe(200);
  }
}

/** The items of a task's discovered and source resource partitions, read straight from the engine. */
async function resourceItems(stream: string, task: string): Promise<unknown[]> {
  const doc = DynamoDBDocumentClient.from(endpoint.local.engine.client);
  const items: unknown[] = [];
  for (const pk of [
    discoveredResourcesPartition('111122223333', stream, task),
    sourceResourcesPartition('111122223333', stream, task),
  ]) {
    const page = await doc.send(
      new QueryCommand({
        TableName: endpoint.local.engine.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
  }
  return items;
}

describe('created artifacts', () => {
  const key = { ProgressUpdateStream: 'Artifacts', MigrationTaskName: 'vm' };

  beforeAll(async () => {
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Artifacts' }));
    await client.send(new ImportMigrationTaskCommand(key));
  });

  test('associate many, list them across pages, disassociate one', async () => {
    const names = Array.from(
      { length: 23 },
      (_, i) => `arn:aws:ec2:us-east-1:111122223333:instance/i-${1000 + i}`,
    );
    for (const Name of names) {
      await client.send(
        new AssociateCreatedArtifactCommand({
          ...key,
          CreatedArtifact: { Name, Description: `instance ${Name.slice(-4)}` },
        }),
      );
    }
    const list = async () => {
      const all = [];
      for await (const page of paginateListCreatedArtifacts({ client, pageSize: 10 }, key)) {
        expect(page.CreatedArtifactList?.length).toBeLessThanOrEqual(10);
        all.push(...(page.CreatedArtifactList ?? []));
      }
      return all;
    };
    const listed = await list();
    expect(listed.map((artifact) => artifact.Name).sort()).toEqual(names);
    expect(listed.find((artifact) => artifact.Name === names[3])?.Description).toBe('instance 1003');

    await client.send(new DisassociateCreatedArtifactCommand({ ...key, CreatedArtifactName: names[3] }));
    expect((await list()).map((artifact) => artifact.Name)).not.toContain(names[3]);
    const again = client.send(
      new DisassociateCreatedArtifactCommand({ ...key, CreatedArtifactName: names[3] }),
    );
    await expect(again).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('constraints, missing tasks and DryRun', async () => {
    const bad = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.AssociateCreatedArtifact',
      body: JSON.stringify({ ...key, CreatedArtifact: { Name: 'i-0123456789' } }),
    });
    expect(bad.json).toEqual({
      __type: 'InvalidInputException',
      Message: 'CreatedArtifact.Name must be an ARN (arn:partition:service:region:account-id:resource)',
    });
    const tooMany = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListCreatedArtifacts',
      body: JSON.stringify({ ...key, MaxResults: 11 }),
    });
    expect(tooMany.json.Message).toBe('MaxResults must be at most 10');
    const artifact = { Name: 'arn:aws:ec2:us-east-1:111122223333:instance/i-dry' };
    await expect(
      client.send(
        new AssociateCreatedArtifactCommand({ ...key, MigrationTaskName: 'nope', CreatedArtifact: artifact }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new AssociateCreatedArtifactCommand({ ...key, CreatedArtifact: artifact, DryRun: true })),
    ).rejects.toBeInstanceOf(DryRunOperation);
    const listed = [];
    for await (const page of paginateListCreatedArtifacts({ client }, key))
      listed.push(...(page.CreatedArtifactList ?? []));
    expect(listed.map((a) => a.Name)).not.toContain(artifact.Name);
  });
});

describe('DeleteProgressUpdateStream', () => {
  test('refuses writes at once, removes everything in the background, and frees the name', async () => {
    await seed('Doomed', 30);
    await seed('Survivor', 3);
    await client.send(
      new PutResourceAttributesCommand({
        ProgressUpdateStream: 'Doomed',
        MigrationTaskName: 'vm-0',
        ResourceAttributeList: [{ Type: 'VM_NAME', Value: 'doomed-0' }],
      }),
    );

    await client.send(new DeleteProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Doomed' }));
    const refused = [
      client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Doomed' })),
      client.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Doomed', MigrationTaskName: 'late' }),
      ),
      client.send(
        new AssociateCreatedArtifactCommand({
          ProgressUpdateStream: 'Doomed',
          MigrationTaskName: 'vm-1',
          CreatedArtifact: { Name: 'arn:aws:ec2:us-east-1:111122223333:instance/i-late' },
        }),
      ),
    ];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(InvalidInputException);
    expect(await endpoint.streamItem('Doomed')).toMatchObject({ state: 'DELETING' });

    // Gone once the grace period has passed: the stream, every task, history entry and artifact.
    clock.advanceSeconds(GRACE_SECONDS + 1);
    await until(async () => (await endpoint.streamItem('Doomed')) === undefined, {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    for (const task of ['vm-0', 'vm-17', 'vm-29']) {
      expect(await endpoint.taskItem('Doomed', task)).toBeUndefined();
      expect(await endpoint.historyItems('Doomed', task)).toEqual([]);
      expect(await resourceItems('Doomed', task)).toEqual([]);
    }
    // Nothing of its discovered resources is found any more.
    const { MigrationTaskSummaryList } = await client.send(
      new ListMigrationTasksCommand({ ResourceName: 'd-Doomed-0' }),
    );
    expect(MigrationTaskSummaryList).toEqual([]);
    await expect(
      client.send(
        new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Doomed', MigrationTaskName: 'vm-0' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);

    // The name is free again, and starts empty.
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Doomed' }));
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Doomed', MigrationTaskName: 'vm-0' }),
    );
    const { MigrationTask } = await client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Doomed', MigrationTaskName: 'vm-0' }),
    );
    expect(MigrationTask).toEqual({
      ProgressUpdateStream: 'Doomed',
      MigrationTaskName: 'vm-0',
      ResourceAttributeList: [],
    });
    const discovered = await client.send(
      new ListDiscoveredResourcesCommand({ ProgressUpdateStream: 'Doomed', MigrationTaskName: 'vm-0' }),
    );
    expect(discovered.DiscoveredResourceList).toEqual([]);
    const sources = await callApi(endpoint.url, 'ListSourceResources', {
      ProgressUpdateStream: 'Doomed',
      MigrationTaskName: 'vm-0',
    });
    expect(sources.json).toEqual({ SourceResourceList: [] });

    // Nothing of the other stream was touched.
    for (let i = 0; i < 3; i += 1) {
      expect(await endpoint.historyItems('Survivor', `vm-${i}`)).toHaveLength(1);
      expect(await resourceItems('Survivor', `vm-${i}`)).toHaveLength(2);
    }
  });

  test('a stream that does not exist is ResourceNotFoundException; DryRun deletes nothing', async () => {
    await expect(
      client.send(new DeleteProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Never' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(
        new DeleteProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Survivor', DryRun: true }),
      ),
    ).rejects.toBeInstanceOf(DryRunOperation);
    expect(await endpoint.streamItem('Survivor')).toMatchObject({ state: 'ACTIVE' });
  });

  test('a stray deletion entry for an active stream deletes nothing of it', async () => {
    const quiet = await startTestEndpoint();
    try {
      const tool = quiet.client();
      await tool.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Alive' }));
      await tool.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Alive', MigrationTaskName: 'vm' }),
      );
      const { client: engine, tableName } = quiet.local.engine;
      await DynamoDBDocumentClient.from(engine).send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'DELETIONS', sk: '111122223333|Alive', queuedAt: 1 },
        }),
      );
      expect(await new StreamDeletion(engine, tableName).run()).toEqual({
        streamsDeleted: 0,
        streamsWaiting: 0,
        itemsDeleted: 0,
        finished: true,
      });
      expect(await quiet.streamItem('Alive')).toMatchObject({ state: 'ACTIVE' });
      expect(await quiet.taskItem('Alive', 'vm')).toMatchObject({ task: 'vm' });
    } finally {
      await quiet.close();
    }
  });

  test('a deletion cut short is resumed by the next run, and two runs at once do no harm', async () => {
    // An endpoint without background deletion, so this test drives the runs itself.
    const quiet = await startTestEndpoint();
    try {
      const tool = quiet.client();
      await tool.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Resumed' }));
      for (let i = 0; i < 5; i += 1) {
        await tool.send(
          new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Resumed', MigrationTaskName: `t-${i}` }),
        );
      }
      await tool.send(new DeleteProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Resumed' }));
      const { client: engine, tableName } = quiet.local.engine;
      // Within the grace period nothing is removed yet; then a run cut short by its deadline; then the rest.
      expect(await new StreamDeletion(engine, tableName, { graceSeconds: 60 }).run()).toMatchObject({
        streamsWaiting: 1,
        itemsDeleted: 0,
      });
      expect(await quiet.taskItem('Resumed', 't-0')).toMatchObject({ deleting: true });
      const deletion = new StreamDeletion(engine, tableName, { graceSeconds: 0 });

      const cut = await deletion.run(Date.now() - 1);
      expect(cut).toEqual({ streamsDeleted: 0, streamsWaiting: 0, itemsDeleted: 0, finished: false });
      expect(await quiet.streamItem('Resumed')).toMatchObject({ state: 'DELETING' });

      const [first, second] = await Promise.all([
        deletion.run(),
        new StreamDeletion(engine, tableName, { graceSeconds: 0 }).run(),
      ]);
      expect(first.finished && second.finished).toBe(true);
      expect(await quiet.streamItem('Resumed')).toBeUndefined();
      for (let i = 0; i < 5; i += 1) expect(await quiet.taskItem('Resumed', `t-${i}`)).toBeUndefined();
      expect(await deletion.run()).toEqual({
        streamsDeleted: 0,
        streamsWaiting: 0,
        itemsDeleted: 0,
        finished: true,
      });
    } finally {
      await quiet.close();
    }
  });
});
