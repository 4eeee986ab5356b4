/**
 * The connectors end to end, as a team would run them locally (`MGH_CONNECTORS=mgn,dms npm start`): the local
 * endpoint polls MGN and DMS (here a loopback stand-in, reached through the SDK's own endpoint settings) every
 * second, on the engine of the jest project, and the hub is read back with the unmodified Migration Hub client.
 * A source server goes NOT_STARTED → IN_PROGRESS (replication progress) → COMPLETED at cutover; a failed launch
 * is FAILED; a stalled replication is published stale by the sweeper; a DMS task goes through its full load to
 * COMPLETED; a service the connector cannot read is logged while the other keeps flowing.
 */
import {
  DescribeMigrationTaskCommand,
  ListCreatedArtifactsCommand,
  ListMigrationTasksCommand,
  type MigrationHubClient,
  type MigrationTaskSummary,
} from '@aws-sdk/client-migration-hub';
import { callApi } from '../support/calls';
import { pollUntil } from '../support/poll';
import { type AwsStandIn, startAwsStandIn } from './support/aws-stand-in';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const SERVER = 's-1000000000000000a';
const FAILING = 's-2000000000000000b';
const STALLING = 's-3000000000000000c';
const TASK_ARN = `arn:aws:dms:${REGION}:${ACCOUNT}:task:ORDERSDBLOADTASK`;
const SOURCE_ENDPOINT = `arn:aws:dms:${REGION}:${ACCOUNT}:endpoint:SOURCEORDERS`;
const TARGET_ENDPOINT = `arn:aws:dms:${REGION}:${ACCOUNT}:endpoint:TARGETORDERS`;

let standIn: AwsStandIn;
let endpoint: TestEndpoint;
let client: MigrationHubClient;
const saved = { ...process.env };

function server(id: string, lifeCycle: object, replication: object): Record<string, unknown> {
  return {
    sourceServerID: id,
    arn: `arn:aws:mgn:${REGION}:${ACCOUNT}:source-server/${id}`,
    isArchived: false,
    applicationID: 'app-1',
    lifeCycle,
    dataReplicationInfo: replication,
    sourceProperties: {
      identificationHints: { fqdn: `${id}.corp.example.com`, hostname: id },
      networkInterfaces: [{ macAddress: '00:50:56:aa:bb:cc', ips: ['10.0.0.5'], isPrimary: true }],
    },
  };
}

const replicating = (replicated: number) => ({
  dataReplicationState: 'INITIAL_SYNC',
  replicatedDisks: [{ deviceName: '/dev/sda', totalStorageBytes: 1000, replicatedStorageBytes: replicated }],
});

function replicationTask(status: string, stats: object, extra: object = {}): Record<string, unknown> {
  return {
    ReplicationTaskArn: TASK_ARN,
    ReplicationTaskIdentifier: 'orders-db-load',
    MigrationType: 'full-load',
    Status: status,
    SourceEndpointArn: SOURCE_ENDPOINT,
    TargetEndpointArn: TARGET_ENDPOINT,
    ReplicationTaskStartDate: 1_795_000_000,
    ReplicationTaskStats: stats,
    ...extra,
  };
}

beforeAll(async () => {
  standIn = await startAwsStandIn();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_MGN: standIn.url,
    AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE: standIn.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  });
  standIn.state.applications = [{ applicationID: 'app-1', name: 'orders', waveID: 'wave-1' }];
  standIn.state.waves = [{ waveID: 'wave-1', name: 'wave 1' }];
  standIn.state.sourceServers = [
    server(SERVER, { state: 'DISCOVERED' }, {}),
    server(
      FAILING,
      {
        state: 'TESTING',
        lastTest: { initiated: { jobID: 'mgnjob-2', apiCallDateTime: '2026-11-29T10:00:00Z' } },
      },
      { dataReplicationState: 'CONTINUOUS', replicatedDisks: [] },
    ),
    server(STALLING, { state: 'NOT_READY' }, { ...replicating(500), dataReplicationState: 'STALLED' }),
  ];
  standIn.state.jobs = [
    { jobID: 'mgnjob-2', participatingServers: [{ sourceServerID: FAILING, launchStatus: 'FAILED' }] },
  ];
  standIn.state.replicationTasks = [
    replicationTask('running', { FullLoadProgressPercent: 30, TablesLoading: 2 }),
  ];
  standIn.state.endpoints = [
    {
      EndpointArn: SOURCE_ENDPOINT,
      EndpointIdentifier: 'orders-src',
      EndpointType: 'source',
      EngineName: 'mysql',
      ServerName: '10.0.1.20',
    },
    {
      EndpointArn: TARGET_ENDPOINT,
      EndpointIdentifier: 'orders-tgt',
      EndpointType: 'target',
      EngineName: 'aurora',
      ServerName: 'orders.cluster.example.com',
    },
  ];
  endpoint = await startTestEndpoint({
    connectorNames: ['mgn', 'dms'],
    connectorPollSeconds: 1,
    sweepIntervalMs: 1_000,
    leaseLeadSeconds: 0,
  });
  client = endpoint.client();
}, 60_000);

afterAll(async () => {
  await endpoint?.close();
  await standIn?.close();
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

async function tasks(stream: string): Promise<Map<string, MigrationTaskSummary>> {
  const { MigrationTaskSummaryList = [] } = await client.send(new ListMigrationTasksCommand({}));
  return new Map(
    MigrationTaskSummaryList.filter((task) => task.ProgressUpdateStream === stream).map((task) => [
      task.MigrationTaskName ?? '',
      task,
    ]),
  );
}

/** Waits until the task reads as `expected` (a subset of its summary). */
function until(stream: string, task: string, expected: Partial<MigrationTaskSummary>) {
  return pollUntil(
    async () => {
      const found = (await tasks(stream)).get(task);
      return found &&
        Object.entries(expected).every(([key, value]) => found[key as keyof MigrationTaskSummary] === value)
        ? found
        : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
}

test('a source server: NOT_STARTED, then IN_PROGRESS with replication progress, then COMPLETED at cutover', async () => {
  await until('MGN', SERVER, { Status: 'NOT_STARTED' });
  standIn.state.sourceServers[0] = server(SERVER, { state: 'NOT_READY' }, replicating(250));
  await until('MGN', SERVER, { Status: 'IN_PROGRESS', ProgressPercent: 25 });
  standIn.state.sourceServers[0] = {
    ...server(
      SERVER,
      {
        state: 'CUTOVER',
        lastCutover: {
          initiated: { jobID: 'mgnjob-9', apiCallDateTime: '2026-11-29T11:00:00Z' },
          finalized: { apiCallDateTime: '2026-11-29T11:30:00Z' },
        },
      },
      { dataReplicationState: 'DISCONNECTED', replicatedDisks: [] },
    ),
    launchedInstance: { ec2InstanceID: 'i-0123456789abcdef0', firstBoot: 'SUCCEEDED', jobID: 'mgnjob-9' },
  };
  const done = await until('MGN', SERVER, { Status: 'COMPLETED' });
  expect(done.StatusDetail).toMatch(/CUTOVER/);

  // Its history: each state in order (a poll that found nothing new wrote nothing; a renewal repeats one).
  const updates = await callApi(endpoint.url, 'ListMigrationTaskUpdates', {
    ProgressUpdateStream: 'MGN',
    MigrationTaskName: SERVER,
  });
  const history = updates.json.MigrationTaskUpdateList as Array<{ MigrationTaskState: { Status: string } }>;
  expect([...new Set(history.map((update) => update.MigrationTaskState.Status))]).toEqual([
    'NOT_STARTED',
    'IN_PROGRESS',
    'COMPLETED',
  ]);

  const found = await client.send(
    new ListMigrationTasksCommand({ ResourceName: `${SERVER}.corp.example.com` }),
  );
  expect(found.MigrationTaskSummaryList?.map((task) => task.MigrationTaskName)).toEqual([SERVER]);
  const target = { ProgressUpdateStream: 'MGN', MigrationTaskName: SERVER };
  const artifacts = await client.send(new ListCreatedArtifactsCommand(target));
  expect(artifacts.CreatedArtifactList?.map((artifact) => artifact.Name)).toEqual([
    `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`,
  ]);
  // The JS SDK 3.523 has no ListSourceResources: a signed call, as any SDK would send it.
  const sources = await callApi(endpoint.url, 'ListSourceResources', target);
  const list = (sources.json.SourceResourceList ?? []) as Array<{ Name: string }>;
  expect(list.map((resource) => resource.Name).sort()).toEqual(['MGN application orders', 'MGN wave wave 1']);
  const { MigrationTask } = await client.send(new DescribeMigrationTaskCommand(target));
  expect(MigrationTask?.ResourceAttributeList).toEqual(
    expect.arrayContaining([
      { Type: 'FQDN', Value: `${SERVER}.corp.example.com` },
      { Type: 'IPV4_ADDRESS', Value: '10.0.0.5' },
      { Type: 'MAC_ADDRESS', Value: '00:50:56:aa:bb:cc' },
    ]),
  );
});

test('a failed test launch is FAILED', async () => {
  const failed = await until('MGN', FAILING, { Status: 'FAILED' });
  expect(failed.StatusDetail).toMatch(/launch/i);
});

test('a stalled replication is published stale by the sweeper', async () => {
  await until('MGN', STALLING, { Status: 'IN_PROGRESS', ProgressPercent: 50 });
  const stale = await pollUntil(
    () =>
      endpoint.logger.entries.find(
        (entry) =>
          entry.message === 'event' &&
          entry.fields?.detailType === 'Migration Task Stale' &&
          JSON.stringify(entry.fields?.detail).includes(STALLING),
      ),
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  expect(JSON.stringify(stale.fields?.detail)).toContain('"progressUpdateStream":"MGN"');
});

test('a DMS task: full load progress, then COMPLETED when the load-only task stops finished', async () => {
  const loading = await until('DMS', 'ORDERSDBLOADTASK', { Status: 'IN_PROGRESS', ProgressPercent: 30 });
  expect(loading.StatusDetail).toMatch(/^orders-db-load/);
  standIn.state.replicationTasks = [
    replicationTask(
      'stopped',
      { FullLoadProgressPercent: 100, TablesLoaded: 12 },
      { StopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED' },
    ),
  ];
  await until('DMS', 'ORDERSDBLOADTASK', { Status: 'COMPLETED', ProgressPercent: 100 });
  const target = { ProgressUpdateStream: 'DMS', MigrationTaskName: 'ORDERSDBLOADTASK' };
  const artifacts = await client.send(new ListCreatedArtifactsCommand(target));
  expect(artifacts.CreatedArtifactList?.map((artifact) => artifact.Name)).toEqual([TARGET_ENDPOINT]);
  const found = await client.send(new ListMigrationTasksCommand({ ResourceName: '10.0.1.20' }));
  expect(found.MigrationTaskSummaryList?.map((task) => task.MigrationTaskName)).toEqual(['ORDERSDBLOADTASK']);
});

test('a service it cannot read is logged and the other keeps flowing; it heals when access returns', async () => {
  standIn.state.failing['dms:DescribeReplicationTasks'] = {
    status: 400,
    type: 'AccessDeniedFault',
    message: 'not authorized to perform dms:DescribeReplicationTasks',
  };
  await pollUntil(
    () =>
      endpoint.logger.entries.find(
        (entry) =>
          entry.message === 'connector could not read its service' && entry.fields?.connector === 'dms',
      ),
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  standIn.state.sourceServers[2] = server(
    STALLING,
    { state: 'READY_FOR_TEST' },
    {
      dataReplicationState: 'CONTINUOUS',
      replicatedDisks: [{ deviceName: '/dev/sda', totalStorageBytes: 1000, replicatedStorageBytes: 1000 }],
    },
  );
  await until('MGN', STALLING, { Status: 'IN_PROGRESS', ProgressPercent: 100 });
  delete standIn.state.failing['dms:DescribeReplicationTasks'];
  standIn.state.replicationTasks = [
    replicationTask(
      'failed',
      { FullLoadProgressPercent: 100 },
      { LastFailureMessage: 'Target out of space' },
    ),
  ];
  const failed = await until('DMS', 'ORDERSDBLOADTASK', { Status: 'FAILED' });
  expect(failed.StatusDetail).toContain('Target out of space');
});
