/**
 * migrationhub-config through the local endpoint with AWS's own JS client (`@aws-sdk/client-migrationhub-config`),
 * beside the Migration Hub client: an endpoint with no configured home region, where an account sets its own
 * with a control, which survives a restart on the same data and applies to that account only.
 * (test/integration/aws-cli-home-region.test.ts drives the same with boto3 and the AWS CLI.)
 */
import {
  CreateProgressUpdateStreamCommand,
  HomeRegionNotSetException,
  InvalidInputException,
  ListProgressUpdateStreamsCommand,
} from '@aws-sdk/client-migration-hub';
import {
  InvalidInputException as ConfigInvalidInputException,
  CreateHomeRegionControlCommand,
  DeleteHomeRegionControlCommand,
  DescribeHomeRegionControlsCommand,
  DryRunOperation,
  GetHomeRegionCommand,
  MigrationHubConfigClient,
} from '@aws-sdk/client-migrationhub-config';
import type { Principal } from '../../local/credentials';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

const endpoints: TestEndpoint[] = [];
const configClients: MigrationHubConfigClient[] = [];

afterAll(async () => {
  for (const client of configClients) client.destroy();
  // Reversed: a restarted endpoint closes before the one whose data folder it used.
  for (const endpoint of endpoints.reverse()) await endpoint.close();
});

async function endpointWith(overrides: Parameters<typeof startTestEndpoint>[0] = {}): Promise<TestEndpoint> {
  const endpoint = await startTestEndpoint(overrides);
  endpoints.push(endpoint);
  return endpoint;
}

/** AWS's Migration Hub Config client, unmodified, pointed at the endpoint. */
function configClient(endpoint: TestEndpoint, as: Principal = PRINCIPALS.tool, region = 'us-east-1') {
  const client = new MigrationHubConfigClient({
    endpoint: endpoint.url,
    region,
    credentials: { accessKeyId: as.accessKeyId, secretAccessKey: as.secretAccessKey },
    maxAttempts: 1,
  });
  configClients.push(client);
  return client;
}

const createStream = (name: string) =>
  new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: name });
const ACCOUNT = PRINCIPALS.tool.accountId;

test('set, used, kept across a restart, deleted: the home region of an account with no configured one', async () => {
  const endpoint = await endpointWith({ homeRegion: undefined });
  const config = configClient(endpoint);
  const inIreland = endpoint.client({ region: 'eu-west-1' });
  const inVirginia = endpoint.client({ region: 'us-east-1' });

  expect((await config.send(new GetHomeRegionCommand({}))).HomeRegion).toBeUndefined();
  await expect(inIreland.send(createStream('Tool'))).rejects.toBeInstanceOf(HomeRegionNotSetException);
  await expect(inIreland.send(createStream('Tool'))).rejects.toThrow('create-home-region-control');

  await expect(
    config.send(
      new CreateHomeRegionControlCommand({
        HomeRegion: 'eu-west-1',
        Target: { Type: 'ACCOUNT' },
        DryRun: true,
      }),
    ),
  ).rejects.toBeInstanceOf(DryRunOperation);
  expect((await config.send(new GetHomeRegionCommand({}))).HomeRegion).toBeUndefined();

  const before = Math.floor(Date.now() / 1000);
  const { HomeRegionControl: control } = await config.send(
    new CreateHomeRegionControlCommand({
      HomeRegion: 'eu-west-1',
      Target: { Type: 'ACCOUNT', Id: ACCOUNT },
    }),
  );
  expect(control).toEqual({
    ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
    HomeRegion: 'eu-west-1',
    Target: { Type: 'ACCOUNT', Id: ACCOUNT },
    RequestedTime: expect.any(Date),
  });
  const requested = (control?.RequestedTime?.getTime() ?? 0) / 1000;
  expect(requested).toBeGreaterThanOrEqual(before);
  expect(requested).toBeLessThanOrEqual(Date.now() / 1000);
  expect((await config.send(new GetHomeRegionCommand({}))).HomeRegion).toBe('eu-west-1');

  // Writes now answer in eu-west-1, and only there; reads anywhere.
  await inIreland.send(createStream('Tool'));
  const refused = inVirginia.send(createStream('Elsewhere'));
  await expect(refused).rejects.toBeInstanceOf(InvalidInputException);
  await expect(refused).rejects.toThrow('the Migration Hub home region is eu-west-1');
  expect(await endpoint.streamItem('Elsewhere')).toBeUndefined();
  expect(
    (await inVirginia.send(new ListProgressUpdateStreamsCommand({}))).ProgressUpdateStreamSummaryList,
  ).toEqual([{ ProgressUpdateStreamName: 'Tool' }]);

  // Creating it again returns it; another region is refused, saying how to change it.
  const again = await config.send(
    new CreateHomeRegionControlCommand({ HomeRegion: 'eu-west-1', Target: { Type: 'ACCOUNT' } }),
  );
  expect(again.HomeRegionControl).toEqual(control);
  const moved = config.send(
    new CreateHomeRegionControlCommand({ HomeRegion: 'us-west-2', Target: { Type: 'ACCOUNT' } }),
  );
  await expect(moved).rejects.toBeInstanceOf(ConfigInvalidInputException);
  await expect(moved).rejects.toThrow('delete that control with DeleteHomeRegionControl first');

  // A restart on the same data: the control is still in force.
  await endpoint.local.close();
  const restarted = await endpointWith({
    homeRegion: undefined,
    dataDir: endpoint.dataDir,
    tableName: endpoint.local.engine.tableName,
  });
  const configAfter = configClient(restarted);
  expect((await configAfter.send(new GetHomeRegionCommand({}))).HomeRegion).toBe('eu-west-1');
  expect(
    (await configAfter.send(new DescribeHomeRegionControlsCommand({ HomeRegion: 'eu-west-1' })))
      .HomeRegionControls,
  ).toEqual([control]);
  await restarted.client({ region: 'eu-west-1' }).send(createStream('AfterRestart'));

  // Deleted: writes need a home region again; what was written stays.
  await configAfter.send(new DeleteHomeRegionControlCommand({ ControlId: control?.ControlId }));
  expect((await configAfter.send(new GetHomeRegionCommand({}))).HomeRegion).toBeUndefined();
  await expect(restarted.client({ region: 'eu-west-1' }).send(createStream('Late'))).rejects.toBeInstanceOf(
    HomeRegionNotSetException,
  );
  expect(await restarted.streamItem('Tool')).toMatchObject({ state: 'ACTIVE' });
  expect(await restarted.streamItem('AfterRestart')).toMatchObject({ state: 'ACTIVE' });
  await expect(
    configAfter.send(new DeleteHomeRegionControlCommand({ ControlId: control?.ControlId })),
  ).rejects.toThrow(`ControlId ${control?.ControlId} is not a home region control of account ${ACCOUNT}.`);
});

test('isolation: another account neither sees, uses nor deletes an account’s control', async () => {
  const endpoint = await endpointWith({ homeRegion: undefined });
  const mine = configClient(endpoint);
  const theirs = configClient(endpoint, PRINCIPALS.otherAccount);
  const { HomeRegionControl: control } = await mine.send(
    new CreateHomeRegionControlCommand({ HomeRegion: 'us-east-1', Target: { Type: 'ACCOUNT' } }),
  );

  expect((await theirs.send(new GetHomeRegionCommand({}))).HomeRegion).toBeUndefined();
  expect(
    (await theirs.send(new DescribeHomeRegionControlsCommand({ ControlId: control?.ControlId })))
      .HomeRegionControls,
  ).toEqual([]);
  await expect(
    theirs.send(new DeleteHomeRegionControlCommand({ ControlId: control?.ControlId })),
  ).rejects.toBeInstanceOf(ConfigInvalidInputException);
  await expect(
    theirs.send(
      new CreateHomeRegionControlCommand({
        HomeRegion: 'us-east-1',
        Target: { Type: 'ACCOUNT', Id: ACCOUNT },
      }),
    ),
  ).rejects.toThrow('Target.Id must be the calling account (444455556666), not 111122223333');
  await expect(
    endpoint.client({ as: PRINCIPALS.otherAccount }).send(createStream('Theirs')),
  ).rejects.toBeInstanceOf(HomeRegionNotSetException);

  // Any principal of the account may read and delete it: an assumed-role session of another principal.
  const operator = configClient(endpoint, PRINCIPALS.operator);
  expect((await operator.send(new DescribeHomeRegionControlsCommand({}))).HomeRegionControls).toEqual([
    control,
  ]);
  await operator.send(new DeleteHomeRegionControlCommand({ ControlId: control?.ControlId }));
  expect((await mine.send(new GetHomeRegionCommand({}))).HomeRegion).toBeUndefined();
});

test('a configured home region: reported as every account’s control, and kept by the setting', async () => {
  const endpoint = await endpointWith({ homeRegion: 'us-east-1' });
  const config = configClient(endpoint, PRINCIPALS.tool, 'ap-southeast-2');
  expect(await config.send(new GetHomeRegionCommand({}))).toMatchObject({ HomeRegion: 'us-east-1' });
  const { HomeRegionControls } = await config.send(new DescribeHomeRegionControlsCommand({}));
  expect(HomeRegionControls).toEqual([
    {
      ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
      HomeRegion: 'us-east-1',
      Target: { Type: 'ACCOUNT', Id: ACCOUNT },
    },
  ]);
  const [configured] = HomeRegionControls ?? [];
  expect(
    (
      await config.send(
        new CreateHomeRegionControlCommand({ HomeRegion: 'us-east-1', Target: { Type: 'ACCOUNT' } }),
      )
    ).HomeRegionControl,
  ).toEqual(configured);
  await expect(
    config.send(new DeleteHomeRegionControlCommand({ ControlId: configured?.ControlId })),
  ).rejects.toThrow("is this deployment's configured home region (us-east-1)");
  await expect(
    config.send(new CreateHomeRegionControlCommand({ HomeRegion: 'eu-west-1', Target: { Type: 'ACCOUNT' } })),
  ).rejects.toThrow('change that setting to change it');
  // Nothing was written but the sweep job's own bookkeeping (the lease shards it sweeps).
  const items = (JSON.parse(await endpoint.tableSnapshot()) as string[]).map(
    (item) => JSON.parse(item) as { pk: { S: string } },
  );
  expect(items.filter((item) => !item.pk.S.startsWith('SWEEP|'))).toEqual([]);
});
