/**
 * The list calls through the unmodified SDK and its paginators: hundreds of items across pages with writes in
 * between, resource attributes and the ResourceName filter, and NextToken's rules.
 * Longer than most files on purpose: every listing's tests share one endpoint, which a split would start again.
 */
import {
  CreateProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  ImportMigrationTaskCommand,
  InvalidInputException,
  ListMigrationTasksCommand,
  ListProgressUpdateStreamsCommand,
  type MigrationHubClient,
  NotifyMigrationTaskStateCommand,
  PutResourceAttributesCommand,
  paginateListMigrationTasks,
  paginateListProgressUpdateStreams,
  type ResourceAttribute,
  ResourceNotFoundException,
} from '@aws-sdk/client-migration-hub';
import { encodeToken } from '../../lambda/operations/pagination';
import { PRINCIPALS, signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
let client: MigrationHubClient;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  client = endpoint.client();
});

afterAll(async () => {
  await endpoint.close();
});

const pad = (n: number) => String(n).padStart(3, '0');

async function collect<T>(pages: AsyncIterable<T>, between?: (page: number) => Promise<void>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) {
    all.push(page);
    await between?.(all.length);
  }
  return all;
}

test('ListProgressUpdateStreams pages through every stream of the account once, in name order', async () => {
  const names = Array.from({ length: 130 }, (_, i) => `Stream-${pad(i)}`);
  for (const name of names)
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: name }));
  const pages = await collect(paginateListProgressUpdateStreams({ client, pageSize: 40 }, {}));
  expect(pages.map((page) => page.ProgressUpdateStreamSummaryList?.length)).toEqual([40, 40, 40, 10]);
  const listed = pages
    .flatMap((page) => page.ProgressUpdateStreamSummaryList ?? [])
    .map((s) => s.ProgressUpdateStreamName);
  expect(listed).toEqual(names);

  const other = endpoint.client({ as: PRINCIPALS.otherAccount });
  const theirs = await collect(paginateListProgressUpdateStreams({ client: other }, {}));
  expect(theirs.flatMap((page) => page.ProgressUpdateStreamSummaryList ?? [])).toEqual([]);
});

test('ListMigrationTasks walks every task of every stream once while tasks are added and updated', async () => {
  const streams = ['Alpha', 'Bravo', 'Charlie'];
  const existing = new Set<string>();
  for (const stream of streams) {
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: stream }));
    for (let i = 0; i < 70; i += 1) {
      await client.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: stream, MigrationTaskName: `t-${pad(i)}` }),
      );
      existing.add(`${stream}/t-${pad(i)}`);
    }
  }
  const pages = await collect(paginateListMigrationTasks({ client, pageSize: 25 }, {}), async (page) => {
    // Between pages: new tasks before and after the cursor, and updates to tasks already listed and not yet.
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Alpha', MigrationTaskName: `new-${page}` }),
    );
    await client.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Charlie', MigrationTaskName: `new-${page}` }),
    );
    for (const task of ['t-000', 't-069']) {
      await client.send(
        new NotifyMigrationTaskStateCommand({
          ProgressUpdateStream: 'Bravo',
          MigrationTaskName: task,
          Task: { Status: 'IN_PROGRESS', ProgressPercent: page },
          UpdateDateTime: new Date(Date.UTC(2026, 10, 28, 0, page)),
          NextUpdateSeconds: 60,
        }),
      );
    }
  });
  const listed = pages
    .flatMap((page) => page.MigrationTaskSummaryList ?? [])
    .map((task) => `${task.ProgressUpdateStream}/${task.MigrationTaskName}`)
    .filter((name) => !name.startsWith('Stream-'));
  expect(new Set(listed).size).toBe(listed.length);
  for (const name of existing) expect(listed).toContain(name);
  expect(pages.every((page) => (page.MigrationTaskSummaryList?.length ?? 0) <= 25)).toBe(true);

  const { MigrationTaskSummaryList } = await client.send(new ListMigrationTasksCommand({ MaxResults: 100 }));
  const updated = MigrationTaskSummaryList?.find(
    (t) => t.ProgressUpdateStream === 'Bravo' && t.MigrationTaskName === 't-000',
  );
  expect(updated).toMatchObject({
    Status: 'IN_PROGRESS',
    ProgressPercent: expect.any(Number),
    UpdateDateTime: expect.any(Date),
  });
});

test('ListMigrationTaskUpdates returns the whole history oldest first, across pages', async () => {
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'History' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'History', MigrationTaskName: 'vm' }),
  );
  const minutes = Array.from({ length: 120 }, (_, i) => (i * 37) % 120); // every minute once, shuffled
  for (const minute of minutes) {
    await client.send(
      new NotifyMigrationTaskStateCommand({
        ProgressUpdateStream: 'History',
        MigrationTaskName: 'vm',
        Task: { Status: 'IN_PROGRESS', ProgressPercent: Math.floor(minute / 2) },
        UpdateDateTime: new Date(Date.UTC(2026, 10, 28, 0, minute)),
        NextUpdateSeconds: 60,
      }),
    );
  }
  // JS SDK 3.523 predates this call (botocore 1.43 has it): follow NextToken with signed requests.
  const listUpdates = (body: object) =>
    signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListMigrationTaskUpdates',
      body: JSON.stringify(body),
    });
  type Update = { UpdateDateTime: number; UpdateType: string; MigrationTaskState: object };
  const pages: Update[][] = [];
  let NextToken: string | undefined;
  do {
    const page = await listUpdates({
      ProgressUpdateStream: 'History',
      MigrationTaskName: 'vm',
      MaxResults: 50,
      NextToken,
    });
    expect(page.status).toBe(200);
    pages.push(page.json.MigrationTaskUpdateList as Update[]);
    NextToken = page.json.NextToken as string | undefined;
  } while (NextToken);
  expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
  const updates = pages.flat();
  expect(updates.map((u) => u.UpdateDateTime)).toEqual(
    Array.from({ length: 120 }, (_, minute) => Date.UTC(2026, 10, 28, 0, minute) / 1000),
  );
  expect(updates[7]).toEqual({
    UpdateDateTime: Date.UTC(2026, 10, 28, 0, 7) / 1000,
    UpdateType: 'MIGRATION_TASK_STATE_UPDATED',
    MigrationTaskState: { Status: 'IN_PROGRESS', ProgressPercent: 3 },
  });
  const missing = await listUpdates({ ProgressUpdateStream: 'History', MigrationTaskName: 'nope' });
  expect(missing.json.__type).toBe('ResourceNotFoundException');
});

describe('resource attributes', () => {
  beforeAll(async () => {
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Servers' }));
    for (const task of ['web-1', 'web-2', 'db-1']) {
      await client.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Servers', MigrationTaskName: task }),
      );
    }
  });

  const put = (task: string, attributes: ResourceAttribute[]) =>
    client.send(
      new PutResourceAttributesCommand({
        ProgressUpdateStream: 'Servers',
        MigrationTaskName: task,
        ResourceAttributeList: attributes,
      }),
    );

  /** The names of the tasks ListMigrationTasks finds by one attribute value. */
  const byName = async (ResourceName: string) => {
    const pages = await collect(paginateListMigrationTasks({ client, pageSize: 1 }, { ResourceName }));
    return pages.flatMap((page) => page.MigrationTaskSummaryList ?? []).map((task) => task.MigrationTaskName);
  };

  test('DescribeMigrationTask returns them, and a later put replaces them', async () => {
    await put('web-1', [
      { Type: 'IPV4_ADDRESS', Value: '10.0.0.11' },
      { Type: 'VM_NAME', Value: 'web-1.corp' },
    ]);
    await put('web-1', [{ Type: 'FQDN', Value: 'web-1.example.com' }]);
    const { MigrationTask } = await client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Servers', MigrationTaskName: 'web-1' }),
    );
    expect(MigrationTask?.ResourceAttributeList).toEqual([{ Type: 'FQDN', Value: 'web-1.example.com' }]);
  });

  test('each type takes the value format the model documents for it, IPv6 short forms included', async () => {
    const accepted: ResourceAttribute[] = [
      { Type: 'IPV4_ADDRESS', Value: '0.0.0.0' },
      { Type: 'IPV4_ADDRESS', Value: '255.255.255.255' },
      { Type: 'IPV6_ADDRESS', Value: '2001:0db8:0000:0000:0000:ff00:0042:8329' },
      { Type: 'IPV6_ADDRESS', Value: 'fe80::1' },
      { Type: 'IPV6_ADDRESS', Value: '::ffff:10.0.0.1' },
      { Type: 'MAC_ADDRESS', Value: '00:1A:2b:3C:4d:5E' },
      { Type: 'MAC_ADDRESS', Value: '00-1a-2b-3c-4d-5e' },
      { Type: 'FQDN', Value: 'db-1.corp.example.com' },
      // Types the model gives no format keep only the general rule.
      { Type: 'VM_PATH', Value: '/Datacenter/vm/db-1 {old}' },
    ];
    await put('db-1', accepted);
    const { MigrationTask } = await client.send(
      new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Servers', MigrationTaskName: 'db-1' }),
    );
    expect(MigrationTask?.ResourceAttributeList).toEqual(accepted);
  });

  test.each([
    [
      'IPV4_ADDRESS',
      '256.1.1.1',
      'must be an IPv4 address x.x.x.x, each x from 0 to 255, for Type IPV4_ADDRESS',
    ],
    ['IPV4_ADDRESS', '10.0.0', 'must be an IPv4 address'],
    ['IPV4_ADDRESS', 'fe80::1', 'must be an IPv4 address'],
    ['IPV6_ADDRESS', '10.0.0.1', 'must be an IPv6 address'],
    ['IPV6_ADDRESS', '1:2:3:4:5:6:7:8:9', 'must be an IPv6 address'],
    ['IPV6_ADDRESS', 'fe80::1%eth0', 'must be an IPv6 address'],
    ['MAC_ADDRESS', '00:1a:2b:3c:4d', 'must be a MAC address'],
    ['MAC_ADDRESS', '00:1a:2b:3c:4d:zz', 'must be a MAC address'],
    [
      'FQDN',
      'db-1/primary',
      "must not contain '<', '>', '{', '}', '\\', '/', '?', ',', '=' or control characters",
    ],
    ['FQDN', 'a=b', 'for Type FQDN'],
    ['FQDN', 'tab\there', 'for Type FQDN'],
  ] as const)(
    'a %s of %j is InvalidInputException naming the value and its format',
    async (Type, Value, rule) => {
      const response = await signedRequest(endpoint.url, {
        target: 'AWSMigrationHub.PutResourceAttributes',
        body: JSON.stringify({
          ProgressUpdateStream: 'Servers',
          MigrationTaskName: 'web-2',
          ResourceAttributeList: [
            { Type: 'BIOS_ID', Value: 'kept-apart' },
            { Type, Value },
          ],
        }),
      });
      expect(response.status).toBe(400);
      expect(response.json.__type).toBe('InvalidInputException');
      expect(response.json.Message).toMatch(/^ResourceAttributeList\[1\]\.Value must /);
      expect(response.json.Message).toContain(rule);
      // Refused whole: the valid attribute beside it was not stored either.
      expect(await byName('kept-apart')).toEqual([]);
    },
  );

  test('ListMigrationTasks with ResourceName finds tasks by any attribute value', async () => {
    await put('web-2', [
      { Type: 'IPV4_ADDRESS', Value: '10.0.0.12' },
      { Type: 'VM_MANAGER_ID', Value: 'vcenter-1' },
      { Type: 'VM_NAME', Value: 'shared-name' },
    ]);
    await put('db-1', [{ Type: 'VM_NAME', Value: 'shared-name' }]);
    expect(await byName('10.0.0.12')).toEqual(['web-2']);
    // A VM name is matched only beside a VM manager's id, as the API reference says: db-1's has none.
    expect(await byName('shared-name')).toEqual(['web-2']);
    expect(await byName('10.0.0.11')).toEqual([]); // replaced by the later put
  });

  test('a task that does not exist is ResourceNotFoundException; DryRun writes nothing', async () => {
    await expect(put('nope', [{ Type: 'FQDN', Value: 'x' }])).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      client.send(
        new PutResourceAttributesCommand({
          ProgressUpdateStream: 'Servers',
          MigrationTaskName: 'db-1',
          ResourceAttributeList: [{ Type: 'FQDN', Value: 'dry.example.com' }],
          DryRun: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DryRunOperation' });
    expect((await endpoint.taskItem('Servers', 'db-1'))?.resourceAttributes).toEqual([
      { Type: 'VM_NAME', Value: 'shared-name' },
    ]);
  });

  test.each([
    ['an empty list', [], 'ResourceAttributeList must not be empty'],
    [
      '101 attributes',
      Array.from({ length: 101 }, () => ({ Type: 'FQDN', Value: 'x' })),
      'ResourceAttributeList must have at most 100 items',
    ],
    [
      'an unknown type',
      [{ Type: 'HOSTNAME', Value: 'x' }],
      'ResourceAttributeList[0].Type must be one of IPV4_ADDRESS, IPV6_ADDRESS, MAC_ADDRESS, FQDN, ' +
        'VM_MANAGER_ID, VM_MANAGED_OBJECT_REFERENCE, VM_NAME, VM_PATH, BIOS_ID, MOTHERBOARD_SERIAL_NUMBER',
    ],
    [
      'a value of 257 characters',
      [{ Type: 'IPV4_ADDRESS', Value: '1'.repeat(257) }],
      'ResourceAttributeList[0].Value must be at most 256 characters long',
    ],
    ['an empty value', [{ Type: 'FQDN', Value: '' }], 'ResourceAttributeList[0].Value must not be empty'],
  ])('%s is InvalidInputException', async (_name, list, message) => {
    const response = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.PutResourceAttributes',
      body: JSON.stringify({
        ProgressUpdateStream: 'Servers',
        MigrationTaskName: 'db-1',
        ResourceAttributeList: list,
      }),
    });
    // The whole message: a value breaking the general rule is not also held to its type's format.
    expect(response.json).toEqual({ __type: 'InvalidInputException', Message: message });
  });
});

test('a ResourceName search reads its matches, not the account: one page finds the one task among 1,150', async () => {
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Haystack' }));
  const names = Array.from({ length: 1_150 }, (_, i) => `h-${String(i).padStart(4, '0')}`);
  const clients = Array.from({ length: 8 }, () => endpoint.client());
  let cursor = 0;
  await Promise.all(
    clients.map(async (worker) => {
      for (let index = cursor++; index < names.length; index = cursor++) {
        await worker.send(
          new ImportMigrationTaskCommand({
            ProgressUpdateStream: 'Haystack',
            MigrationTaskName: names[index],
          }),
        );
      }
    }),
  );
  await client.send(
    new PutResourceAttributesCommand({
      ProgressUpdateStream: 'Haystack',
      MigrationTaskName: 'h-1149',
      ResourceAttributeList: [{ Type: 'BIOS_ID', Value: 'the-needle' }],
    }),
  );
  const pages = await collect(paginateListMigrationTasks({ client }, { ResourceName: 'the-needle' }));
  // From the search index (docs/decisions/014-resource-search-index.md): no page ends early on a read budget.
  expect(pages).toHaveLength(1);
  expect(pages[0]?.NextToken).toBeUndefined();
  expect(
    pages.flatMap((page) => page.MigrationTaskSummaryList ?? []).map((task) => task.MigrationTaskName),
  ).toEqual(['h-1149']);
});

describe('NextToken and MaxResults', () => {
  const list = (body: object) =>
    signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListProgressUpdateStreams',
      body: JSON.stringify(body),
    });

  test.each([
    [
      'not base64',
      { NextToken: 'not a token!' },
      'NextToken must be a NextToken returned by a previous call',
    ],
    [
      'random base64',
      { NextToken: 'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=' },
      'NextToken is not a token returned by a previous call',
    ],
    ['MaxResults 0', { MaxResults: 0 }, 'MaxResults must be at least 1'],
    ['MaxResults 101', { MaxResults: 101 }, 'MaxResults must be at most 100'],
  ])('%s is InvalidInputException', async (_name, body, message) => {
    const response = await list(body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      __type: 'InvalidInputException',
      Message: expect.stringContaining(message),
    });
  });

  test("a token from another list, or another account's token, is refused", async () => {
    const first = await list({ MaxResults: 1 });
    const token = first.json.NextToken as string;
    expect(token).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect((await list({ NextToken: token })).status).toBe(200);

    const elsewhere = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListMigrationTasks',
      body: JSON.stringify({ NextToken: token }),
    });
    expect(elsewhere.json.__type).toBe('InvalidInputException');
    const otherAccount = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListProgressUpdateStreams',
      body: JSON.stringify({ NextToken: token }),
      as: PRINCIPALS.otherAccount,
    });
    expect(otherAccount.json.__type).toBe('InvalidInputException');
  });

  test('a well-formed token whose position no valid name could have is refused, not passed to the store', async () => {
    const scope = ['ListProgressUpdateStreams', PRINCIPALS.tool.accountId];
    for (const position of ['x'.repeat(1100), 'a/b', '']) {
      const response = await list({ NextToken: encodeToken(scope, position, Date.now() / 1000) });
      expect(response.status).toBe(400);
      expect(response.json.__type).toBe('InvalidInputException');
    }
    const tasks = await signedRequest(endpoint.url, {
      target: 'AWSMigrationHub.ListMigrationTasks',
      body: JSON.stringify({
        NextToken: encodeToken(
          ['ListMigrationTasks', PRINCIPALS.tool.accountId, ''],
          `Alpha|${'t'.repeat(300)}`,
          Date.now() / 1000,
        ),
      }),
    });
    expect(tasks.json.__type).toBe('InvalidInputException');
  });

  test('a token older than 24 hours has expired: HTTP 400 InvalidToken, as the API reference says', async () => {
    const scope = ['ListProgressUpdateStreams', PRINCIPALS.tool.accountId];
    const stale = encodeToken(scope, 'Stream-001', Date.now() / 1000 - 25 * 3600);
    const fresh = encodeToken(scope, 'Stream-001', Date.now() / 1000 - 23 * 3600);
    const expired = await list({ NextToken: stale });
    expect([expired.status, expired.json]).toEqual([
      400,
      { __type: 'InvalidToken', Message: expect.stringContaining('NextToken has expired') },
    ]);
    // The JS SDK surfaces the unmodeled code by name, as a client fault it does not retry.
    const sdk = client.send(new ListProgressUpdateStreamsCommand({ NextToken: stale }));
    await expect(sdk).rejects.toMatchObject({
      name: 'InvalidToken',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining('NextToken has expired'),
    });
    const resumed = await list({ NextToken: fresh, MaxResults: 1 });
    expect(resumed.json.ProgressUpdateStreamSummaryList).toEqual([
      { ProgressUpdateStreamName: 'Stream-002' },
    ]);
  });

  test('ListMigrationTasks with an invalid ResourceName is InvalidInputException', async () => {
    const call = client.send(new ListMigrationTasksCommand({ ResourceName: 'x'.repeat(1601) }));
    await expect(call).rejects.toBeInstanceOf(InvalidInputException);
  });
});
