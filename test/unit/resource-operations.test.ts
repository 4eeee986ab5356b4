/**
 * Discovered and source resources through the whole handler (routing, validation, home region, authorization,
 * DryRun, the operation and its errors), on the in-memory store: the behaviour of the six operations without an
 * engine or a server. test/integration/resources.test.ts runs them on both engines with AWS's own clients.
 */
import { StreamPermissions } from '../../lambda/access/policy';
import { createApiHandler } from '../../lambda/api/create-api-handler';
import { MAX_DISCOVERED_RESOURCES_PER_TASK } from '../../lambda/model/resources';
import { TOKEN_LIFETIME_SECONDS } from '../../lambda/operations/pagination';
import { type CallerIdentity, invoke } from '../support/api';
import { FakeClock } from '../support/clock';
import { InMemoryStore } from '../support/in-memory-store';

const T0 = 1_800_000_000;
const TOOL: CallerIdentity = {
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/migration-tool',
};
const AUDITOR: CallerIdentity = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/auditor' };
const OTHER: CallerIdentity = { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/tool' };
const TASK = { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' };

let clock: FakeClock;
let store: InMemoryStore;

function handlerFor(homeRegion: string | undefined, region = 'us-east-1') {
  const handler = createApiHandler({
    store: store.tasks,
    clock,
    homeRegion,
    homeRegionControls: store.homeRegions,
    applications: store.applications,
    region,
    policy: new StreamPermissions([{ stream: 'Locked', writers: [TOOL.arn], readers: [AUDITOR.arn] }]),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return (target: string, body: object, as: CallerIdentity = TOOL) => invoke(handler, target, body, as);
}

let call: ReturnType<typeof handlerFor>;

beforeEach(async () => {
  clock = new FakeClock(T0 * 1000);
  store = new InMemoryStore(clock);
  call = handlerFor('us-east-1');
  for (const stream of ['Tool', 'Locked']) {
    await call('CreateProgressUpdateStream', { ProgressUpdateStreamName: stream });
    await call('ImportMigrationTask', { ProgressUpdateStream: stream, MigrationTaskName: 'vm-1' });
  }
});

const errorOf = (answer: { status: number; json: Record<string, unknown> }) => [
  answer.status,
  answer.json.__type,
  answer.json.Message,
];
const found = async (ResourceName: string) =>
  (
    (await call('ListMigrationTasks', { ResourceName })).json.MigrationTaskSummaryList as {
      MigrationTaskName: string;
    }[]
  ).map((task) => task.MigrationTaskName);

test('AssociateDiscoveredResource: any id the model allows, found by ResourceName, replaced by id', async () => {
  const associate = (DiscoveredResource: object) =>
    call('AssociateDiscoveredResource', { ...TASK, DiscoveredResource });
  expect(await associate({ ConfigurationId: 'd-server-0025db43a885966c8' })).toEqual({
    status: 200,
    json: {},
  });
  expect(
    await associate({ ConfigurationId: 'not a discovery id at all', Description: 'kept as given' }),
  ).toEqual({
    status: 200,
    json: {},
  });
  await associate({ ConfigurationId: 'd-server-0025db43a885966c8', Description: 'web server' });
  expect(await found('d-server-0025db43a885966c8')).toEqual(['vm-1']);
  const listed = await call('ListDiscoveredResources', TASK);
  expect(
    (listed.json.DiscoveredResourceList as { ConfigurationId: string }[]).sort((a, b) =>
      a.ConfigurationId.localeCompare(b.ConfigurationId),
    ),
  ).toEqual([
    { ConfigurationId: 'd-server-0025db43a885966c8', Description: 'web server' },
    { ConfigurationId: 'not a discovery id at all', Description: 'kept as given' },
  ]);
  expect(listed.json).not.toHaveProperty('NextToken');
  expect(errorOf(await associate({ ConfigurationId: 'a\nb' }))).toEqual([
    400,
    'InvalidInputException',
    'DiscoveredResource.ConfigurationId must not contain line breaks',
  ]);
  expect(
    errorOf(
      await call('AssociateDiscoveredResource', {
        ...TASK,
        MigrationTaskName: 'nope',
        DiscoveredResource: { ConfigurationId: 'd-1' },
      }),
    ),
  ).toEqual([
    400,
    'ResourceNotFoundException',
    'Migration task nope does not exist in progress update stream Tool. Call ImportMigrationTask first.',
  ]);
});

test('AssociateDiscoveredResource: the cap per task is InvalidInputException, and writes nothing', async () => {
  for (let n = 0; n < MAX_DISCOVERED_RESOURCES_PER_TASK; n++) {
    expect(
      (
        await call('AssociateDiscoveredResource', {
          ...TASK,
          DiscoveredResource: { ConfigurationId: `d-${n}` },
        })
      ).status,
    ).toBe(200);
  }
  const refused = await call('AssociateDiscoveredResource', {
    ...TASK,
    DiscoveredResource: { ConfigurationId: 'd-extra' },
  });
  expect(errorOf(refused)).toEqual([
    400,
    'InvalidInputException',
    `Migration task vm-1 in Tool has ${MAX_DISCOVERED_RESOURCES_PER_TASK} discovered resources, the most a task may have. Disassociate one first.`,
  ]);
  expect(await found('d-extra')).toEqual([]);
});

test('DisassociateDiscoveredResource: no longer listed or found; again is ResourceNotFoundException', async () => {
  await call('AssociateDiscoveredResource', {
    ...TASK,
    DiscoveredResource: { ConfigurationId: 'd-server-1' },
  });
  const disassociate = () =>
    call('DisassociateDiscoveredResource', { ...TASK, ConfigurationId: 'd-server-1' });
  expect(await disassociate()).toEqual({ status: 200, json: {} });
  expect(await found('d-server-1')).toEqual([]);
  expect((await call('ListDiscoveredResources', TASK)).json).toEqual({ DiscoveredResourceList: [] });
  expect(errorOf(await disassociate())).toEqual([
    400,
    'ResourceNotFoundException',
    'Discovered resource d-server-1 is not associated with migration task vm-1 in Tool.',
  ]);
});

test('ListDiscoveredResources: 10 a page by default, NextToken bound to its task, missing task', async () => {
  for (let n = 0; n < 12; n++) {
    await call('AssociateDiscoveredResource', { ...TASK, DiscoveredResource: { ConfigurationId: `d-${n}` } });
  }
  const first = await call('ListDiscoveredResources', TASK);
  expect(first.json.DiscoveredResourceList).toHaveLength(10);
  const NextToken = first.json.NextToken as string;
  const rest = await call('ListDiscoveredResources', { ...TASK, NextToken });
  expect(rest.json.DiscoveredResourceList).toHaveLength(2);
  expect(rest.json).not.toHaveProperty('NextToken');
  const ids = [
    ...(first.json.DiscoveredResourceList as object[]),
    ...(rest.json.DiscoveredResourceList as object[]),
  ];
  expect(new Set(ids.map((r) => (r as { ConfigurationId: string }).ConfigurationId)).size).toBe(12);
  // Another task's list, or another list of the same task, does not take it.
  expect(
    errorOf(await call('ListDiscoveredResources', { ...TASK, MigrationTaskName: 'vm-2', NextToken }))[1],
  ).toBe('InvalidInputException');
  expect(errorOf(await call('ListSourceResources', { ...TASK, NextToken }))[1]).toBe('InvalidInputException');
  expect(errorOf(await call('ListDiscoveredResources', { ...TASK, NextToken }, OTHER))[1]).toBe(
    'InvalidInputException',
  );
  clock.advanceSeconds(TOKEN_LIFETIME_SECONDS + 1);
  expect(errorOf(await call('ListDiscoveredResources', { ...TASK, NextToken }))).toEqual([
    400,
    'InvalidToken',
    'NextToken has expired (tokens are valid for 24 hours). Start the listing again.',
  ]);
  expect(errorOf(await call('ListDiscoveredResources', { ...TASK, MaxResults: 11 }))).toEqual([
    400,
    'InvalidInputException',
    'MaxResults must be at most 10',
  ]);
  expect(errorOf(await call('ListDiscoveredResources', { ...TASK, MigrationTaskName: 'nope' }))[1]).toBe(
    'ResourceNotFoundException',
  );
});

test('Associate, Disassociate and ListSourceResources: any name, replaced whole by name', async () => {
  const wave = 'Wave 1\nweb tier';
  const associate = (SourceResource: object) => call('AssociateSourceResource', { ...TASK, SourceResource });
  expect(await associate({ Name: wave, Description: 'first', StatusDetail: 'planned' })).toEqual({
    status: 200,
    json: {},
  });
  expect((await associate({ Name: 'srv-01' })).status).toBe(200);
  expect((await associate({ Name: wave, StatusDetail: 'cut over' })).status).toBe(200);
  const listed = await call('ListSourceResources', { ...TASK, MaxResults: 1 });
  const next = await call('ListSourceResources', { ...TASK, NextToken: listed.json.NextToken });
  expect(
    [...(listed.json.SourceResourceList as object[]), ...(next.json.SourceResourceList as object[])].sort(
      (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)),
    ),
  ).toEqual([{ Name: 'srv-01' }, { Name: wave, StatusDetail: 'cut over' }]);
  expect(errorOf(await associate({ Name: 'x', StatusDetail: 'a\nb' }))).toEqual([
    400,
    'InvalidInputException',
    'SourceResource.StatusDetail must not contain line breaks',
  ]);
  const disassociate = () => call('DisassociateSourceResource', { ...TASK, SourceResourceName: wave });
  expect((await disassociate()).status).toBe(200);
  expect(errorOf(await disassociate())).toEqual([
    400,
    'ResourceNotFoundException',
    'Source resource "Wave 1\\nweb tier" is not associated with migration task vm-1 in Tool.',
  ]);
  expect((await call('ListSourceResources', TASK)).json).toEqual({
    SourceResourceList: [{ Name: 'srv-01' }],
  });
});

test('DryRun on each write: DryRunOperation for a writer, UnauthorizedOperation for a reader; nothing written', async () => {
  const writes: [string, object][] = [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-dry' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-dry' }],
    ['AssociateSourceResource', { SourceResource: { Name: 'dry' } }],
    ['DisassociateSourceResource', { SourceResourceName: 'dry' }],
  ];
  const locked = { ProgressUpdateStream: 'Locked', MigrationTaskName: 'vm-1' };
  for (const [operation, body] of writes) {
    expect(errorOf(await call(operation, { ...locked, ...body, DryRun: true }))[1]).toBe('DryRunOperation');
    expect(errorOf(await call(operation, { ...locked, ...body, DryRun: true }, AUDITOR))[1]).toBe(
      'UnauthorizedOperation',
    );
    expect(errorOf(await call(operation, { ...locked, ...body }, AUDITOR))[1]).toBe('AccessDeniedException');
  }
  expect((await call('ListDiscoveredResources', locked, AUDITOR)).json).toEqual({
    DiscoveredResourceList: [],
  });
  expect((await call('ListSourceResources', locked, AUDITOR)).json).toEqual({ SourceResourceList: [] });
  const outsider = { accountId: TOOL.accountId, arn: 'arn:aws:iam::111122223333:user/outsider' };
  expect(errorOf(await call('ListSourceResources', locked, outsider))[1]).toBe('AccessDeniedException');
});

test('a stream being deleted refuses every association write', async () => {
  await call('DeleteProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' });
  for (const [operation, body] of [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-1' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-1' }],
    ['AssociateSourceResource', { SourceResource: { Name: 's' } }],
    ['DisassociateSourceResource', { SourceResourceName: 's' }],
  ] as const) {
    expect(errorOf(await call(operation, { ...TASK, ...body }))).toEqual([
      400,
      'InvalidInputException',
      'Progress update stream Tool is being deleted.',
    ]);
  }
});

test('home region: source resources answer with none set, discovered resources say it is not set', async () => {
  call = handlerFor(undefined);
  expect((await call('AssociateSourceResource', { ...TASK, SourceResource: { Name: 's' } })).status).toBe(
    200,
  );
  expect((await call('ListSourceResources', TASK)).json).toEqual({ SourceResourceList: [{ Name: 's' }] });
  expect((await call('DisassociateSourceResource', { ...TASK, SourceResourceName: 's' })).status).toBe(200);
  for (const [operation, body] of [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-1' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-1' }],
    ['ListDiscoveredResources', {}],
  ] as const) {
    expect(errorOf(await call(operation, { ...TASK, ...body }))[1]).toBe('HomeRegionNotSetException');
  }
});

test('home region: writes only in it, the lists from anywhere', async () => {
  // Requests arrive in eu-west-1 while the home region is us-east-1.
  call = handlerFor('us-east-1', 'eu-west-1');
  for (const [operation, body] of [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-1' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-1' }],
    ['AssociateSourceResource', { SourceResource: { Name: 's' } }],
    ['DisassociateSourceResource', { SourceResourceName: 's' }],
  ] as const) {
    expect(errorOf(await call(operation, { ...TASK, ...body }))[2]).toMatch(
      /^This request was made to region eu-west-1, but the Migration Hub home region is us-east-1/,
    );
  }
  expect((await call('ListDiscoveredResources', TASK)).status).toBe(200);
  expect((await call('ListSourceResources', TASK)).status).toBe(200);
});

test('another account names its own streams: the task is not there for it', async () => {
  await call('AssociateDiscoveredResource', { ...TASK, DiscoveredResource: { ConfigurationId: 'd-mine' } });
  await call('AssociateSourceResource', { ...TASK, SourceResource: { Name: 'mine' } });
  for (const [operation, body] of [
    ['AssociateDiscoveredResource', { DiscoveredResource: { ConfigurationId: 'd-1' } }],
    ['DisassociateDiscoveredResource', { ConfigurationId: 'd-mine' }],
    ['ListDiscoveredResources', {}],
    ['AssociateSourceResource', { SourceResource: { Name: 's' } }],
    ['DisassociateSourceResource', { SourceResourceName: 'mine' }],
    ['ListSourceResources', {}],
  ] as const) {
    expect(errorOf(await call(operation, { ...TASK, ...body }, OTHER))[1]).toBe('ResourceNotFoundException');
  }
  expect((await call('ListMigrationTasks', { ResourceName: 'd-mine' }, OTHER)).json).toEqual({
    MigrationTaskSummaryList: [],
  });
  expect(await found('d-mine')).toEqual(['vm-1']);
});

test('PutResourceAttributes: VM_NAME finds the task only beside a VM_MANAGER_ID', async () => {
  const put = (ResourceAttributeList: object[]) =>
    call('PutResourceAttributes', { ...TASK, ResourceAttributeList });
  expect((await put([{ Type: 'VM_NAME', Value: 'web-vm' }])).status).toBe(200);
  expect(await found('web-vm')).toEqual([]);
  expect((await call('DescribeMigrationTask', TASK)).json.MigrationTask).toMatchObject({
    ResourceAttributeList: [{ Type: 'VM_NAME', Value: 'web-vm' }],
  });
  await put([
    { Type: 'VM_MANAGER_ID', Value: 'vcenter-1' },
    { Type: 'VM_NAME', Value: 'web-vm' },
  ]);
  expect(await found('web-vm')).toEqual(['vm-1']);
});
