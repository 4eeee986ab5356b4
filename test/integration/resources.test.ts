/**
 * Discovered and source resources through the local endpoint, on both engines: AWS's JS SDK for the three
 * discovered-resource calls (3.523 predates the source-resource ones, which go as signed awsJson requests),
 * ListMigrationTasks finding a task by a discovered id, a crash between the two writes of an association
 * finished by the retry, and account isolation. The AWS CLI and boto3 are in aws-cli.test.ts and
 * aws-cli-model.test.ts.
 */
import {
  AssociateDiscoveredResourceCommand,
  CreateProgressUpdateStreamCommand,
  DisassociateDiscoveredResourceCommand,
  DryRunOperation,
  ImportMigrationTaskCommand,
  InvalidInputException,
  ListMigrationTasksCommand,
  type MigrationHubClient,
  paginateListDiscoveredResources,
  ResourceNotFoundException,
} from '@aws-sdk/client-migration-hub';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_DISCOVERED_RESOURCES_PER_TASK } from '../../lambda/model/resources';
import { searchEntry } from '../../lambda/store/dynamodb/search-index';
import { discoveredResourceKey, discoveredResourcesPartition, taskItemKey } from '../../lambda/store/table';
import { callApi } from '../support/calls';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
let client: MigrationHubClient;
const ACCOUNT = PRINCIPALS.tool.accountId;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  client = endpoint.client();
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool' }));
  for (const task of ['vm-1', 'vm-2', 'crash', 'full']) {
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: task }),
    );
  }
});

afterAll(async () => {
  await endpoint.close();
});

const task = (MigrationTaskName: string) => ({ ProgressUpdateStream: 'Tool', MigrationTaskName });

async function listDiscovered(name: string, pageSize?: number) {
  const all = [];
  for await (const page of paginateListDiscoveredResources(
    { client, ...(pageSize && { pageSize }) },
    task(name),
  )) {
    expect(page.DiscoveredResourceList?.length).toBeLessThanOrEqual(pageSize ?? 10);
    all.push(...(page.DiscoveredResourceList ?? []));
  }
  return all.sort((a, b) => (a.ConfigurationId ?? '').localeCompare(b.ConfigurationId ?? ''));
}

async function foundBy(ResourceName: string): Promise<string[]> {
  const { MigrationTaskSummaryList } = await client.send(new ListMigrationTasksCommand({ ResourceName }));
  return (MigrationTaskSummaryList ?? []).map((summary) => summary.MigrationTaskName ?? '');
}

describe('discovered resources, with the JS SDK', () => {
  test('ListMigrationTasks finds a task by its discovered id, and stops once it is disassociated', async () => {
    const id = 'd-server-0025db43a885966c8';
    await client.send(
      new AssociateDiscoveredResourceCommand({
        ...task('vm-1'),
        DiscoveredResource: { ConfigurationId: id, Description: 'web server' },
      }),
    );
    expect(await foundBy(id)).toEqual(['vm-1']);
    expect(await listDiscovered('vm-1')).toEqual([{ ConfigurationId: id, Description: 'web server' }]);

    await client.send(new DisassociateDiscoveredResourceCommand({ ...task('vm-1'), ConfigurationId: id }));
    expect(await foundBy(id)).toEqual([]);
    expect(await listDiscovered('vm-1')).toEqual([]);
    await expect(
      client.send(new DisassociateDiscoveredResourceCommand({ ...task('vm-1'), ConfigurationId: id })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test('many, across pages of the SDK paginator; the same id again replaces its description', async () => {
    const ids = Array.from({ length: 23 }, (_, n) => `d-server-${String(n).padStart(17, '0')}`);
    for (const ConfigurationId of ids) {
      await client.send(
        new AssociateDiscoveredResourceCommand({ ...task('vm-2'), DiscoveredResource: { ConfigurationId } }),
      );
    }
    await client.send(
      new AssociateDiscoveredResourceCommand({
        ...task('vm-2'),
        DiscoveredResource: { ConfigurationId: ids[5] ?? '', Description: 'the database' },
      }),
    );
    const listed = await listDiscovered('vm-2', 10);
    expect(listed.map((resource) => resource.ConfigurationId)).toEqual(ids);
    expect(listed[5]).toEqual({ ConfigurationId: ids[5], Description: 'the database' });
    expect(await listDiscovered('vm-2')).toHaveLength(23);
    // Found by each id, and one task is listed once however many ids it has.
    expect(await foundBy(ids[22] ?? '')).toEqual(['vm-2']);
  });

  test('constraints, DryRun, a missing task and the cap per task', async () => {
    await expect(
      client.send(
        new AssociateDiscoveredResourceCommand({
          ...task('vm-1'),
          DiscoveredResource: { ConfigurationId: 'd-dry' },
          DryRun: true,
        }),
      ),
    ).rejects.toBeInstanceOf(DryRunOperation);
    expect(await foundBy('d-dry')).toEqual([]);
    await expect(
      client.send(
        new AssociateDiscoveredResourceCommand({
          ...task('nope'),
          DiscoveredResource: { ConfigurationId: 'd-1' },
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const tooLong = client.send(
      new AssociateDiscoveredResourceCommand({
        ...task('vm-1'),
        DiscoveredResource: { ConfigurationId: 'd'.repeat(1601) },
      }),
    );
    await expect(tooLong).rejects.toBeInstanceOf(InvalidInputException);
    await expect(tooLong).rejects.toThrow(
      'DiscoveredResource.ConfigurationId must be at most 1600 characters long',
    );

    for (let n = 0; n < MAX_DISCOVERED_RESOURCES_PER_TASK; n++) {
      await client.send(
        new AssociateDiscoveredResourceCommand({
          ...task('full'),
          DiscoveredResource: { ConfigurationId: `d-full-${n}` },
        }),
      );
    }
    const before = await endpoint.tableSnapshot();
    const refused = client.send(
      new AssociateDiscoveredResourceCommand({
        ...task('full'),
        DiscoveredResource: { ConfigurationId: 'd-full-extra' },
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(InvalidInputException);
    await expect(refused).rejects.toThrow(`has ${MAX_DISCOVERED_RESOURCES_PER_TASK} discovered resources`);
    expect(await endpoint.tableSnapshot()).toBe(before);
  });
});

describe('a crash between the two writes of an association', () => {
  const doc = () => DynamoDBDocumentClient.from(endpoint.local.engine.client);
  const TableName = () => endpoint.local.engine.tableName;
  /**
   * What an association that stopped after its first writes leaves: the search index entry (written before the
   * task, docs/decisions/014-resource-search-index.md), then the task's set.
   */
  const matchedOnly = async (id: string) => {
    const key = { accountId: ACCOUNT, stream: 'Tool', task: 'crash' };
    const entry = searchEntry(key, 'D', discoveredResourceKey(id), Date.now() / 1000, 'crashed');
    await doc().send(new PutCommand({ TableName: TableName(), Item: { ...entry } }));
    await doc().send(
      new UpdateCommand({
        TableName: TableName(),
        Key: taskItemKey(ACCOUNT, 'Tool', 'crash'),
        UpdateExpression: 'ADD discoveredIds :ids',
        ExpressionAttributeValues: { ':ids': new Set([discoveredResourceKey(id)]) },
      }),
    );
  };

  test('associate: the retry of the same call lists what was matched already', async () => {
    await matchedOnly('d-half-associated');
    expect(await foundBy('d-half-associated')).toEqual(['crash']);
    expect(await listDiscovered('crash')).toEqual([]);
    await client.send(
      new AssociateDiscoveredResourceCommand({
        ...task('crash'),
        DiscoveredResource: { ConfigurationId: 'd-half-associated', Description: 'retried' },
      }),
    );
    expect(await listDiscovered('crash')).toEqual([
      { ConfigurationId: 'd-half-associated', Description: 'retried' },
    ]);
  });

  test('disassociate: an id still matched but no longer listed is removed by the retry', async () => {
    await matchedOnly('d-half-disassociated');
    await client.send(
      new DisassociateDiscoveredResourceCommand({
        ...task('crash'),
        ConfigurationId: 'd-half-disassociated',
      }),
    );
    expect(await foundBy('d-half-disassociated')).toEqual([]);
  });

  test('disassociate: an id listed but not matched (two calls racing) is removed too', async () => {
    await doc().send(
      new PutCommand({
        TableName: TableName(),
        Item: {
          pk: discoveredResourcesPartition(ACCOUNT, 'Tool', 'crash'),
          sk: discoveredResourceKey('d-raced'),
          configurationId: 'd-raced',
        },
      }),
    );
    await client.send(
      new DisassociateDiscoveredResourceCommand({ ...task('crash'), ConfigurationId: 'd-raced' }),
    );
    expect((await listDiscovered('crash')).map((r) => r.ConfigurationId)).not.toContain('d-raced');
  });
});

describe('source resources, as signed awsJson requests', () => {
  const call = (operation: string, body: object) => callApi(endpoint.url, operation, body);

  test('associated by name (line breaks and all), replaced, listed page by page, disassociated', async () => {
    const names = ['Wave 2\nbilling', 'app-billing', 'srv-01', 'ünïcødé 🚚'];
    for (const Name of names) {
      expect(
        await call('AssociateSourceResource', {
          ...task('vm-1'),
          SourceResource: { Name, Description: 'old' },
        }),
      ).toMatchObject({ status: 200, json: {} });
    }
    await call('AssociateSourceResource', {
      ...task('vm-1'),
      SourceResource: { Name: 'srv-01', StatusDetail: 'd'.repeat(2500) },
    });
    const listed: { Name: string }[] = [];
    let NextToken: unknown;
    do {
      const page = await call('ListSourceResources', {
        ...task('vm-1'),
        MaxResults: 3,
        ...(NextToken ? { NextToken } : {}),
      });
      expect(page.status).toBe(200);
      listed.push(...(page.json.SourceResourceList as { Name: string }[]));
      NextToken = page.json.NextToken;
    } while (NextToken);
    expect(listed.map((resource) => resource.Name).sort()).toEqual([...names].sort());
    expect(listed.find((resource) => resource.Name === 'srv-01')).toEqual({
      Name: 'srv-01',
      StatusDetail: 'd'.repeat(2500),
    });

    expect(
      (await call('DisassociateSourceResource', { ...task('vm-1'), SourceResourceName: names[0] })).status,
    ).toBe(200);
    const again = await call('DisassociateSourceResource', { ...task('vm-1'), SourceResourceName: names[0] });
    expect(again.json).toEqual({
      __type: 'ResourceNotFoundException',
      Message: 'Source resource "Wave 2\\nbilling" is not associated with migration task vm-1 in Tool.',
    });
    const missing = await call('ListSourceResources', task('nope'));
    expect(missing.json.__type).toBe('ResourceNotFoundException');
    const dry = await call('AssociateSourceResource', {
      ...task('vm-1'),
      SourceResource: { Name: 'dry' },
      DryRun: true,
    });
    expect(dry.json.__type).toBe('DryRunOperation');
  });
});

test('account isolation: another account reaches none of these resources, by any of the six calls', async () => {
  const other = (operation: string, body: object) =>
    callApi(endpoint.url, operation, body, PRINCIPALS.otherAccount);
  await client.send(
    new AssociateDiscoveredResourceCommand({
      ...task('vm-1'),
      DiscoveredResource: { ConfigurationId: 'd-isolated' },
    }),
  );
  await callApi(endpoint.url, 'AssociateSourceResource', {
    ...task('vm-1'),
    SourceResource: { Name: 'isolated' },
  });
  const before = await endpoint.tableSnapshot();
  for (const [operation, body] of [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-intruder' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-isolated' }],
    ['ListDiscoveredResources', {}],
    ['AssociateSourceResource', { SourceResource: { Name: 'intruder' } }],
    ['DisassociateSourceResource', { SourceResourceName: 'isolated' }],
    ['ListSourceResources', {}],
  ] as const) {
    const response = await other(operation, { ...task('vm-1'), ...body });
    expect([operation, response.json.__type]).toEqual([operation, 'ResourceNotFoundException']);
  }
  const search = await other('ListMigrationTasks', { ResourceName: 'd-isolated' });
  expect(search.json).toEqual({ MigrationTaskSummaryList: [] });
  expect(await endpoint.tableSnapshot()).toBe(before);
  expect(await foundBy('d-isolated')).toEqual(['vm-1']);
});
