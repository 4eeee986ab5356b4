/**
 * The DMS source against the real SDK client: answers injected with aws-sdk-client-mock (pages, faults), and,
 * where the SDK's own retries are what is tested, at its HTTP handler, so every middleware runs.
 */
import { Readable } from 'node:stream';
import {
  AccessDeniedFault,
  DatabaseMigrationServiceClient,
  DescribeEndpointsCommand,
  DescribeReplicationTasksCommand,
  type Endpoint,
  type ReplicationTask,
  ResourceNotFoundFault,
} from '@aws-sdk/client-database-migration-service';
import { HttpResponse } from '@smithy/protocol-http';
import { mockClient } from 'aws-sdk-client-mock';
import { DMS_ACTIONS, DmsSource } from '../../../lambda/connectors/dms/dms-source';
import type { Observation, ServiceEvent } from '../../../lambda/connectors/observation';

const NOW = 1_767_000_000;
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
const client = new DatabaseMigrationServiceClient({ region: REGION, credentials });
const dms = mockClient(client);

interface Logged {
  level: 'info' | 'warn';
  message: string;
}
let logged: Logged[] = [];
const logger = {
  info: (message: string) => logged.push({ level: 'info', message }),
  warn: (message: string) => logged.push({ level: 'warn', message }),
};

beforeEach(() => {
  dms.reset();
  logged = [];
});

const taskArn = (id: string) => `arn:aws:dms:${REGION}:012345678901:task:${id}`;
const endpointArn = (id: string) => `arn:aws:dms:${REGION}:012345678901:endpoint:${id}`;

function replicationTask(id: string): ReplicationTask {
  return {
    ReplicationTaskArn: taskArn(id),
    ReplicationTaskIdentifier: `task-${id.toLowerCase()}`,
    MigrationType: 'full-load',
    Status: 'running',
    SourceEndpointArn: endpointArn(`SRC${id}`),
    TargetEndpointArn: endpointArn(`TGT${id}`),
    ReplicationTaskStats: { FullLoadProgressPercent: 25 },
  };
}

function endpoint(id: string, ServerName: string): Endpoint {
  return {
    EndpointArn: endpointArn(id),
    EndpointIdentifier: id.toLowerCase(),
    EngineName: 'mysql',
    ServerName,
  };
}

async function all(source: DmsSource): Promise<Observation[]> {
  const observations: Observation[] = [];
  for await (const observation of source.observeAll(NOW)) observations.push(observation);
  return observations;
}

const source = () => new DmsSource({ client, region: REGION, logger });

test('the source calls only the actions it exports for its role', async () => {
  dms.on(DescribeReplicationTasksCommand).resolves({ ReplicationTasks: [replicationTask('A')] });
  dms.on(DescribeEndpointsCommand).resolves({ Endpoints: [] });
  await all(source());
  await source().observeEvent(taskEvent(taskArn('A')), NOW);
  const called = dms.calls().map((call) => `dms:${call.args[0].constructor.name.replace(/Command$/, '')}`);
  expect([...new Set(called)].sort()).toEqual([...DMS_ACTIONS].sort());
});

test('every page of tasks is observed, with endpoints from every page, read once per poll', async () => {
  // The paginator reuses its input object: what each call asked is recorded as it is asked.
  const asked: unknown[] = [];
  dms.on(DescribeReplicationTasksCommand).callsFake((input: { Marker?: string }) => {
    asked.push({ ...input });
    return input.Marker === undefined
      ? { ReplicationTasks: [replicationTask('A'), replicationTask('B')], Marker: 'tasks-2' }
      : { ReplicationTasks: [replicationTask('C')] };
  });
  dms.on(DescribeEndpointsCommand).callsFake((input: { Marker?: string }) => {
    asked.push({ endpoints: input.Marker });
    return input.Marker === undefined
      ? { Endpoints: [endpoint('SRCA', '10.0.0.1')], Marker: 'endpoints-2' }
      : { Endpoints: [endpoint('SRCC', 'db-c.example.com'), endpoint('TGTC', 'target.example.com')] };
  });
  const observations = await all(source());
  expect(observations.map((observation) => observation.key.task)).toEqual(['A', 'B', 'C']);
  expect(observations.map((observation) => observation.resourceAttributes)).toEqual([
    [{ Type: 'IPV4_ADDRESS', Value: '10.0.0.1' }],
    [],
    [{ Type: 'FQDN', Value: 'db-c.example.com' }],
  ]);
  expect(observations[2]?.createdArtifacts[0]?.Description).toBe(
    'DMS target endpoint tgtc: mysql target.example.com',
  );
  expect(asked).toEqual([
    { endpoints: undefined },
    { endpoints: 'endpoints-2' },
    { WithoutSettings: true, MaxRecords: 100 },
    { WithoutSettings: true, MaxRecords: 100, Marker: 'tasks-2' },
  ]);
});

test('an account with no tasks or endpoints (DMS answers ResourceNotFoundFault) observes nothing', async () => {
  const notFound = new ResourceNotFoundFault({
    message: 'No Endpoints found matching provided filters',
    $metadata: {},
  });
  dms.on(DescribeEndpointsCommand).rejects(notFound);
  dms.on(DescribeReplicationTasksCommand).rejects(notFound);
  await expect(all(source())).resolves.toEqual([]);
});

test('access denied reaches the caller', async () => {
  dms.on(DescribeEndpointsCommand).resolves({ Endpoints: [] });
  dms.on(DescribeReplicationTasksCommand).rejects(
    new AccessDeniedFault({
      message: 'not authorized to perform: dms:DescribeReplicationTasks',
      $metadata: {},
    }),
  );
  await expect(all(source())).rejects.toMatchObject({ name: 'AccessDeniedFault' });
  await expect(source().observeEvent(taskEvent(taskArn('A')), NOW)).rejects.toMatchObject({
    name: 'AccessDeniedFault',
  });
});

/**
 * The sample event of the DMS user guide, "Working with Amazon EventBridge events and notifications in AWS
 * Database Migration Service" (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_EventBridge.html), as
 * published. Its `account` has 13 digits: the task's account is read from its ARN.
 */
const SAMPLE_EVENT: ServiceEvent = {
  version: '0',
  id: '11a11b11-222b-333a-44d4-01234a5b67890',
  'detail-type': 'DMS Replication Task State Change',
  source: 'aws.dms',
  account: '0123456789012',
  time: '1970-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:dms:us-east-1:012345678901:task:AAAABBBB0CCCCDDDDEEEEE1FFFF2GGG3FFFFFF3'],
  detail: {
    type: 'ReplicationTask',
    category: 'StateChange',
    eventType: 'REPLICATION_TASK_STARTED',
    eventName: 'DMS-EVENT-0069',
    resourceLink: 'https://console.aws.amazon.com/dms/v2/home?region=us-east-1#taskDetails/taskName',
    detailMessage: 'Replication task started, with flag = fresh start',
  },
} as ServiceEvent;

function taskEvent(arn: string): ServiceEvent {
  return { ...SAMPLE_EVENT, resources: [arn] };
}

test('the user guide sample event: the task it names is described now, with its endpoints', async () => {
  const id = 'AAAABBBB0CCCCDDDDEEEEE1FFFF2GGG3FFFFFF3';
  dms.on(DescribeReplicationTasksCommand).resolves({ ReplicationTasks: [replicationTask(id)] });
  dms.on(DescribeEndpointsCommand).resolves({ Endpoints: [endpoint(`SRC${id}`, 'fd00::5')] });
  const observations = await source().observeEvent(SAMPLE_EVENT, NOW);
  expect(observations).toEqual([
    expect.objectContaining({
      key: { accountId: '012345678901', stream: 'DMS', task: id },
      task: expect.objectContaining({ Status: 'IN_PROGRESS', ProgressPercent: 25 }),
      resourceAttributes: [{ Type: 'IPV6_ADDRESS', Value: 'fd00::5' }],
      observedAtSeconds: NOW,
    }),
  ]);
  expect(dms.commandCalls(DescribeReplicationTasksCommand)[0]?.args[0].input).toEqual({
    WithoutSettings: true,
    MaxRecords: 100,
    Filters: [{ Name: 'replication-task-arn', Values: [SAMPLE_EVENT.resources[0]] }],
  });
  expect(dms.commandCalls(DescribeEndpointsCommand)[0]?.args[0].input).toEqual({
    MaxRecords: 100,
    Filters: [{ Name: 'endpoint-arn', Values: [endpointArn(`SRC${id}`), endpointArn(`TGT${id}`)] }],
  });
});

test('an event about a task deleted since (ResourceNotFoundFault) observes nothing', async () => {
  dms
    .on(DescribeReplicationTasksCommand)
    .rejects(
      new ResourceNotFoundFault({ message: 'No Tasks found matching provided filters', $metadata: {} }),
    );
  await expect(source().observeEvent(SAMPLE_EVENT, NOW)).resolves.toEqual([]);
  expect(dms.commandCalls(DescribeEndpointsCommand)).toHaveLength(0);
});

test.each([
  ['DMS Replication Instance State Change', REGION, 'arn:aws:dms:us-east-1:012345678901:rep:ABC'],
  ['DMS Replication Endpoint State Change', REGION, endpointArn('ABC')],
  ['DMS Replication State Change', REGION, 'arn:aws:dms:us-east-1:012345678901:replication-config:ABC'],
  ['DMS Data Migration State Change', REGION, 'arn:aws:dms:us-east-1:012345678901:data-migration:ABC'],
  ['DMS Replication Task State Change', 'eu-west-1', 'arn:aws:dms:eu-west-1:012345678901:task:ABC'],
  ['DMS Replication Task State Change', REGION, endpointArn('ABC')],
])('a %s event (region %s, about %s) is logged and ignored', async (detailType, region, resource) => {
  const event = { ...SAMPLE_EVENT, 'detail-type': detailType, region, resources: [resource] };
  await expect(source().observeEvent(event, NOW)).resolves.toEqual([]);
  expect(dms.calls()).toHaveLength(0);
  expect(logged).toEqual([{ level: 'info', message: expect.stringContaining('DMS event ignored') }]);
});

test('an unknown status is warned once per process, not once per poll', async () => {
  dms.on(DescribeEndpointsCommand).resolves({ Endpoints: [] });
  dms
    .on(DescribeReplicationTasksCommand)
    .resolves({ ReplicationTasks: [{ ...replicationTask('A'), Status: 'paused' }] });
  const polling = source();
  await all(polling);
  await all(polling);
  expect(logged.filter((entry) => entry.level === 'warn')).toHaveLength(1);
});

/** A client whose HTTP handler answers with `answers`, in turn: the SDK's retry middleware sees each one. */
function clientAnswering(answers: Array<{ status: number; body: object }>) {
  const requests: string[] = [];
  const answering = new DatabaseMigrationServiceClient({
    region: REGION,
    credentials,
    maxAttempts: 2,
    requestHandler: {
      async handle(request: { headers: Record<string, string> }) {
        requests.push(request.headers['x-amz-target'] ?? '');
        const answer = answers[Math.min(requests.length - 1, answers.length - 1)] ?? {
          status: 500,
          body: {},
        };
        return {
          response: new HttpResponse({
            statusCode: answer.status,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(answer.body))]),
          }),
        };
      },
    },
  });
  return { answering, requests };
}

const THROTTLED = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };

test('a throttled call is retried by the SDK, and the poll goes on', async () => {
  const { answering, requests } = clientAnswering([THROTTLED, { status: 200, body: { Endpoints: [] } }]);
  const throttledOnce = new DmsSource({ client: answering, region: REGION, logger });
  // The second answer serves the endpoints' retry and every call after it.
  await expect(all(throttledOnce)).resolves.toEqual([]);
  expect(requests).toEqual([
    'AmazonDMSv20160101.DescribeEndpoints',
    'AmazonDMSv20160101.DescribeEndpoints',
    'AmazonDMSv20160101.DescribeReplicationTasks',
  ]);
});

test('throttling that outlasts the SDK retries reaches the caller', async () => {
  const { answering, requests } = clientAnswering([THROTTLED]);
  const throttled = new DmsSource({ client: answering, region: REGION, logger });
  await expect(all(throttled)).rejects.toMatchObject({
    name: 'ThrottlingException',
    $metadata: { attempts: 2 },
  });
  expect(requests).toHaveLength(2);
});
