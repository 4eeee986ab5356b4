/** The DynamoDB stores, on this project's engine, held to the contract the in-memory fakes meet too. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../lambda/errors';
import { SEARCH_SETTLE_SECONDS } from '../../lambda/store/dynamodb/search-index';
import { DynamoDbApplicationStore } from '../../lambda/store/dynamodb-application-store';
import { DynamoDbHomeRegionStore } from '../../lambda/store/dynamodb-home-region-store';
import { DynamoDbStalenessStore } from '../../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { StreamDeletion } from '../../lambda/store/stream-deletion';
import { searchPartition, searchValueDigest } from '../../lambda/store/table';
import { localEngineClient } from '../../local/engine';
import { storeContract } from '../contract/store-contract';
import { FakeClock } from '../support/clock';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

storeContract('DynamoDB stores', (clock) => {
  const { client, tableName } = endpoint.local.engine;
  return {
    tasks: new DynamoDbTaskStore({ client, tableName, clock }),
    staleness: new DynamoDbStalenessStore(client, tableName),
    homeRegions: new DynamoDbHomeRegionStore(client, tableName),
    applications: new DynamoDbApplicationStore({ client, tableName, clock }),
  };
});

/** What only the DynamoDB store has: the search index's entries, how they are written, cleaned and read. */
describe('DynamoDB stores: the search index (docs/decisions/014-resource-search-index.md)', () => {
  let client: DynamoDBClient;
  let clock: FakeClock;
  let store: DynamoDbTaskStore;
  /** The requests the store sent, by command, and the next UpdateItem to fail as a lost connection would. */
  const sent: string[] = [];
  let failNextUpdate = false;
  const accountId = '300000000001';
  let run = 0;
  let stream: string;
  const key = (task: string) => ({ accountId, stream, task });
  const fqdn = (Value: string) => ({ Type: 'FQDN', Value });

  beforeAll(() => {
    client = localEngineClient(endpoint.local.engine.endpoint);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? '?');
        if (failNextUpdate && context.commandName === 'UpdateItemCommand') {
          failNextUpdate = false;
          throw Object.assign(new Error('connect ECONNREFUSED'), { $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'searchIndexTestFaults' },
    );
  });
  afterAll(() => client.destroy());

  beforeEach(async () => {
    clock = new FakeClock(4_100_000_000_000);
    store = new DynamoDbTaskStore({ client, tableName: endpoint.local.engine.tableName, clock });
    run += 1;
    stream = `Search${run}`;
    await store.createStream({ accountId, stream }, 'test');
    await store.importTask(key('vm-1'));
    sent.length = 0;
  });

  /** The entries of a value's partition, read straight from the engine. */
  const entries = async (value: string) => {
    const doc = DynamoDBDocumentClient.from(endpoint.local.engine.client);
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: endpoint.local.engine.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': searchPartition(accountId, searchValueDigest(value)) },
        ConsistentRead: true,
      }),
    );
    return Items.filter((item) => item.stream === stream).map((item) => `${item.task} ${item.sk.slice(-1)}`);
  };
  const found = async (value: string) =>
    (
      await store.listTasks(accountId, 100, { resourceName: value, streamFilter: (s) => s === stream })
    ).items.map((task) => task.task);

  test('a unique match costs one Query and one BatchGetItem; no match, one Query', async () => {
    await store.putResourceAttributes(key('vm-1'), [fqdn('unique.example')]);
    sent.length = 0;
    expect(await found('unique.example')).toEqual(['vm-1']);
    expect(sent).toEqual(['QueryCommand', 'BatchGetItemCommand']);
    sent.length = 0;
    expect(await found('nothing.example')).toEqual([]);
    expect(sent).toEqual(['QueryCommand']);
  });

  test('a crash between the entry and the task write: never an answer; a search cleans it once settled', async () => {
    failNextUpdate = true;
    await expect(store.putResourceAttributes(key('vm-1'), [fqdn('crash.example')])).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(sent).toEqual(['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand']);
    expect(await entries('crash.example')).toEqual(['vm-1 A']);
    expect(await found('crash.example')).toEqual([]);
    // Younger than the settle time, its writer may still be about to apply: kept.
    expect(await entries('crash.example')).toEqual(['vm-1 A']);
    clock.seconds += SEARCH_SETTLE_SECONDS + 1;
    expect(await found('crash.example')).toEqual([]);
    expect(await entries('crash.example')).toEqual([]);
    // The client's retry completes it.
    await store.putResourceAttributes(key('vm-1'), [fqdn('crash.example')]);
    expect(await found('crash.example')).toEqual(['vm-1']);
  });

  test('replaced values: a settled entry goes with the write, a younger one with a later search', async () => {
    await store.putResourceAttributes(key('vm-1'), [fqdn('a.example')]);
    clock.seconds += SEARCH_SETTLE_SECONDS + 1;
    await store.putResourceAttributes(key('vm-1'), [fqdn('b.example')]);
    expect(await entries('a.example')).toEqual([]);
    await store.putResourceAttributes(key('vm-1'), [fqdn('c.example')]);
    expect(await entries('b.example')).toEqual(['vm-1 A']);
    expect(await found('b.example')).toEqual([]);
    clock.seconds += SEARCH_SETTLE_SECONDS + 1;
    expect(await found('b.example')).toEqual([]);
    expect(await entries('b.example')).toEqual([]);
    expect(await found('c.example')).toEqual(['vm-1']);
  });

  test('a disassociated id: its settled entry goes with the write', async () => {
    await store.associateDiscoveredResource(key('vm-1'), { ConfigurationId: 'd-server-1' });
    expect(await entries('d-server-1')).toEqual(['vm-1 D']);
    clock.seconds += SEARCH_SETTLE_SECONDS + 1;
    await store.disassociateDiscoveredResource(key('vm-1'), 'd-server-1');
    expect(await entries('d-server-1')).toEqual([]);
  });

  test('stream deletion removes the entries of every task', async () => {
    await store.importTask(key('vm-2'));
    await store.putResourceAttributes(key('vm-1'), [fqdn('x.example'), fqdn('shared.example')]);
    await store.putResourceAttributes(key('vm-2'), [fqdn('shared.example')]);
    await store.associateDiscoveredResource(key('vm-2'), { ConfigurationId: 'd-server-2' });
    expect(await entries('shared.example')).toEqual(expect.arrayContaining(['vm-1 A', 'vm-2 A']));
    await store.beginStreamDeletion({ accountId, stream });
    const deletion = new StreamDeletion(client, endpoint.local.engine.tableName, { graceSeconds: 0, clock });
    expect((await deletion.run()).finished).toBe(true);
    for (const value of ['x.example', 'shared.example', 'd-server-2'])
      expect(await entries(value)).toEqual([]);
  });
});
