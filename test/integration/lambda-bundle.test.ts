/**
 * The exact bundle the CDK app deploys, loaded in a fresh Node.js process as Lambda would load it, answering
 * proxy events against a real engine: proves the esbuild output runs (ESM-only middy included), reads its
 * environment, and logs and emits metrics through Powertools.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { App } from 'aws-cdk-lib';
import { MigrationHubStack } from '../../lib/migration-hub-stack';
import { startAwsStandIn } from './support/aws-stand-in';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

const run = promisify(execFile);
let endpoint: TestEndpoint;
let outdir: string;
let bundle: string;
let maintenanceBundle: string;
let sweeperBundle: string;
let connectorBundle: string;

beforeAll(async () => {
  // Leases due as soon as their deadline: the sweeper bundle runs at once, on the real clock.
  endpoint = await startTestEndpoint({ leaseLeadSeconds: 0 });
  outdir = mkdtempSync(join(tmpdir(), 'mgh-cdk-'));
  const app = new App({ outdir });
  const stack = new MigrationHubStack(app, 'MigrationHub', {
    env: { account: '111122223333', region: 'us-east-1' },
    connectors: ['mgn', 'dms'],
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  const bundleOf = (prefix: string) => {
    const [, fn] =
      Object.entries(template.Resources).find(
        ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(prefix),
      ) ?? [];
    return join(outdir, `asset.${fn?.Properties.Code?.S3Key?.replace(/\.zip$/, '')}`, 'index.js');
  };
  bundle = bundleOf('ApiFunction');
  maintenanceBundle = bundleOf('MaintenanceFunction');
  sweeperBundle = bundleOf('SweeperFunction');
  connectorBundle = bundleOf('ConnectorsFunction');
}, 120_000);

afterAll(async () => {
  await endpoint.close();
  rmSync(outdir, { recursive: true, force: true });
});

/** What Lambda gives every function here: a region, credentials, and (for the test) the engine's endpoint. */
const lambdaEnvironment = () => ({
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: endpoint.local.engine.endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  MGH_TABLE_NAME: endpoint.local.engine.tableName,
});

const event = (requestId: string, target: string, body: object) => ({
  httpMethod: 'POST',
  path: '/prod/',
  headers: { 'X-Amz-Target': `AWSMigrationHub.${target}`, 'Content-Type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: {
    requestId,
    identity: { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/migration-tool' },
  },
});

test('the deployed bundle answers the lifecycle, logs each request and emits metrics', async () => {
  const events = [
    event('r1', 'CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Bundled' }),
    event('r2', 'ImportMigrationTask', { ProgressUpdateStream: 'Bundled', MigrationTaskName: 'vm-1' }),
    event('r3', 'NotifyMigrationTaskState', {
      ProgressUpdateStream: 'Bundled',
      MigrationTaskName: 'vm-1',
      Task: { Status: 'COMPLETED', ProgressPercent: 100 },
      UpdateDateTime: 1_795_899_600,
      NextUpdateSeconds: 0,
    }),
    event('r4', 'DescribeMigrationTask', { ProgressUpdateStream: 'Bundled', MigrationTaskName: 'vm-1' }),
    event('r5', 'DescribeMigrationTask', { ProgressUpdateStream: 'Bundled', MigrationTaskName: 'vm|1' }),
    event('r6', 'DeleteProgressUpdateStream', { ProgressUpdateStreamName: 'Bundled' }),
  ];
  const script = `
    const { handler } = require(${JSON.stringify(bundle)});
    (async () => {
      const results = [];
      for (const event of ${JSON.stringify(events)}) {
        results.push(await handler(event, { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => 10000 }));
      }
      process.stdout.write('RESULTS ' + JSON.stringify(results) + '\\n');
      const maintenance = require(${JSON.stringify(maintenanceBundle)});
      const report = await maintenance.handler({}, { getRemainingTimeInMillis: () => 60000 });
      process.stdout.write('MAINTENANCE ' + JSON.stringify(report) + '\\n');
    })();`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: {
      ...lambdaEnvironment(),
      MGH_HOME_REGION: 'us-east-1',
      MGH_DELETION_GRACE_SECONDS: '0',
      POWERTOOLS_SERVICE_NAME: 'migration-hub',
      POWERTOOLS_METRICS_NAMESPACE: 'MigrationHub',
    },
  });
  const lines = stdout.trim().split('\n');
  const results = JSON.parse(lines.find((line) => line.startsWith('RESULTS '))?.slice(8) ?? '[]') as {
    statusCode: number;
    body: string;
    headers: Record<string, string>;
  }[];
  expect(results.map((result) => result.statusCode)).toEqual([200, 200, 200, 200, 400, 200]);
  // The maintenance bundle finished the deletion the API bundle started.
  const report = JSON.parse(lines.find((line) => line.startsWith('MAINTENANCE '))?.slice(12) ?? '{}');
  expect(report).toEqual({ streamsDeleted: 1, streamsWaiting: 0, itemsDeleted: 2, finished: true });
  expect(await endpoint.streamItem('Bundled', '111122223333')).toBeUndefined();
  expect(JSON.parse(results[3]?.body ?? '')).toEqual({
    MigrationTask: {
      ProgressUpdateStream: 'Bundled',
      MigrationTaskName: 'vm-1',
      Task: { Status: 'COMPLETED', ProgressPercent: 100 },
      UpdateDateTime: 1_795_899_600,
      Stale: false, // beyond the model: COMPLETED never goes stale
      ResourceAttributeList: [],
    },
  });
  expect(results[4]?.headers['x-amzn-ErrorType']).toBe('InvalidInputException');
  expect(results[4]?.headers['x-amzn-RequestId']).toBe('r5');

  const json = lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // Powertools: one structured log line per request, with its names...
  const notifyLog = json.find((entry) => entry.message === 'request' && entry.requestId === 'r3');
  expect(notifyLog).toMatchObject({
    level: 'INFO',
    service: 'migration-hub',
    operation: 'NotifyMigrationTaskState',
    stream: 'Bundled',
    task: 'vm-1',
    statusCode: 200,
  });
  // ...and metrics in Embedded Metric Format, per operation and per error type.
  const emf = json.filter((entry) => entry._aws !== undefined);
  expect(emf).toContainEqual(expect.objectContaining({ Operation: 'NotifyMigrationTaskState', Calls: 1 }));
  expect(emf).toContainEqual(
    expect.objectContaining({
      Operation: 'DescribeMigrationTask',
      ErrorType: 'InvalidInputException',
      Errors: 1,
    }),
  );
});

test('a missing setting fails the cold start with a message naming it', async () => {
  const failure = run(process.execPath, ['-e', `require(${JSON.stringify(bundle)})`], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1' },
  });
  await expect(failure).rejects.toMatchObject({
    stderr: expect.stringContaining('MGH_TABLE_NAME is required'),
  });
});

test('the sweeper bundle publishes a stale task to EventBridge', async () => {
  const client = endpoint.client();
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Swept' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Swept', MigrationTaskName: 'vm-9' }),
  );
  const sent = new Date(Math.floor(Date.now() / 1000) * 1000 - 600_000);
  await client.send(
    new NotifyMigrationTaskStateCommand({
      ProgressUpdateStream: 'Swept',
      MigrationTaskName: 'vm-9',
      Task: { Status: 'IN_PROGRESS', ProgressPercent: 5 },
      UpdateDateTime: sent,
      NextUpdateSeconds: 60,
    }),
  );
  // EventBridge stands in as a loopback server answering PutEvents as the service does.
  const requests: { target: string | undefined; body: { Entries: Record<string, unknown>[] } }[] = [];
  const bus = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { Entries: Record<string, unknown>[] };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, body: parsed });
      response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: parsed.Entries.map((_, i) => ({ EventId: `e${i}` })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => bus.listen(0, '127.0.0.1', resolve));
  try {
    const script = `
      const { handler } = require(${JSON.stringify(sweeperBundle)});
      handler({}, { getRemainingTimeInMillis: () => 60000 }).then((report) => {
        process.stdout.write('SWEEP ' + JSON.stringify(report) + '\\n');
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: {
        ...lambdaEnvironment(),
        AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(bus.address() as AddressInfo).port}`,
        MGH_EVENT_BUS_NAME: 'migrations',
        POWERTOOLS_SERVICE_NAME: 'migration-hub',
      },
    });
    const report = JSON.parse(
      stdout
        .split('\n')
        .find((line) => line.startsWith('SWEEP '))
        ?.slice(6) ?? '{}',
    );
    expect(report).toEqual({ leasesVisited: 1, staleEvents: 1, recoveredEvents: 0, finished: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.target).toBe('AWSEvents.PutEvents');
    const [entry] = requests[0]?.body.Entries ?? [];
    expect(entry).toMatchObject({
      Source: 'migration-hub',
      DetailType: 'Migration Task Stale',
      EventBusName: 'migrations',
    });
    expect(JSON.parse(String(entry?.Detail))).toMatchObject({
      progressUpdateStream: 'Swept',
      migrationTaskName: 'vm-9',
      deadline: new Date(sent.getTime() + 60_000).toISOString(),
    });
  } finally {
    bus.close();
  }
});

test('the deployed bundle answers migrationhub-config on the same function: a control set, used, deleted', async () => {
  // An account of its own, on a deployment with no configured home region (`-c homeRegion=none`).
  const identity = { accountId: '999988887777', userArn: 'arn:aws:iam::999988887777:user/migration-tool' };
  const configEvent = (requestId: string, operation: string, body: object) => ({
    ...event(requestId, operation, body),
    headers: {
      'X-Amz-Target': `AWSMigrationHubMultiAccountService.${operation}`,
      'Content-Type': 'application/x-amz-json-1.1',
    },
    requestContext: { requestId, identity },
  });
  const mghEvent = (requestId: string, operation: string, body: object) => ({
    ...event(requestId, operation, body),
    requestContext: { requestId, identity },
  });
  const target = { Type: 'ACCOUNT' };
  const events = [
    configEvent('c1', 'GetHomeRegion', {}),
    mghEvent('c2', 'CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Configured' }),
    configEvent('c3', 'CreateHomeRegionControl', { HomeRegion: 'eu-west-1', Target: target }),
    configEvent('c4', 'CreateHomeRegionControl', { HomeRegion: 'us-east-1', Target: target }),
    configEvent('c5', 'GetHomeRegion', {}),
    mghEvent('c6', 'CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Configured' }),
    configEvent('c7', 'DescribeHomeRegionControls', { HomeRegion: 'us-east-1' }),
  ];
  const script = `
    const { handler } = require(${JSON.stringify(bundle)});
    (async () => {
      const results = [];
      for (const event of ${JSON.stringify(events)}) {
        results.push(await handler(event, { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => 10000 }));
      }
      const controlId = JSON.parse(results[3].body).HomeRegionControl.ControlId;
      const more = [
        ${JSON.stringify(configEvent('c8', 'DeleteHomeRegionControl', { ControlId: 'CONTROL' }))},
        ${JSON.stringify(mghEvent('c9', 'ImportMigrationTask', { ProgressUpdateStream: 'Configured', MigrationTaskName: 'vm-1' }))},
      ];
      more[0].body = more[0].body.replace('CONTROL', controlId);
      for (const event of more) {
        results.push(await handler(event, { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => 10000 }));
      }
      process.stdout.write('RESULTS ' + JSON.stringify(results) + '\\n');
    })();`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: { ...lambdaEnvironment(), MGH_HOME_REGION: '', POWERTOOLS_SERVICE_NAME: 'migration-hub' },
  });
  const line = stdout.split('\n').find((entry) => entry.startsWith('RESULTS ')) ?? 'RESULTS []';
  const results = (JSON.parse(line.slice(8)) as { statusCode: number; body: string }[]).map((result) => ({
    status: result.statusCode,
    body: JSON.parse(result.body) as Record<string, unknown>,
  }));
  const control = {
    ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
    HomeRegion: 'us-east-1',
    Target: { Type: 'ACCOUNT', Id: identity.accountId },
    RequestedTime: expect.any(Number),
  };
  expect(results).toEqual([
    { status: 200, body: {} },
    { status: 400, body: expect.objectContaining({ __type: 'HomeRegionNotSetException' }) },
    // The function's region is us-east-1: API Gateway would refuse every write signed for eu-west-1.
    {
      status: 400,
      body: {
        __type: 'InvalidInputException',
        Message: expect.stringMatching(
          /^HomeRegion must be a region this deployment answers in \(us-east-1\)/,
        ),
      },
    },
    { status: 200, body: { HomeRegionControl: control } },
    { status: 200, body: { HomeRegion: 'us-east-1' } },
    { status: 200, body: {} },
    { status: 200, body: { HomeRegionControls: [control] } },
    { status: 200, body: {} },
    { status: 400, body: expect.objectContaining({ __type: 'HomeRegionNotSetException' }) },
  ]);
  expect(await endpoint.streamItem('Configured', identity.accountId)).toMatchObject({ state: 'ACTIVE' });
});

test('the connector bundle: a schedule polls MGN and DMS into the hub, an MGN event is written as the server stands', async () => {
  const standIn = await startAwsStandIn();
  const server = (state: string) => ({
    sourceServerID: 's-0000000000000bund',
    arn: 'arn:aws:mgn:us-east-1:111122223333:source-server/s-0000000000000bund',
    isArchived: false,
    lifeCycle: { state },
    dataReplicationInfo: {
      dataReplicationState: 'INITIAL_SYNC',
      replicatedDisks: [{ deviceName: 'disk0', totalStorageBytes: 400, replicatedStorageBytes: 100 }],
    },
  });
  standIn.state.sourceServers = [server('NOT_READY')];
  standIn.state.replicationTasks = [
    {
      ReplicationTaskArn: 'arn:aws:dms:us-east-1:111122223333:task:BUNDLEDTASK',
      ReplicationTaskIdentifier: 'bundled',
      MigrationType: 'full-load',
      Status: 'running',
      ReplicationTaskStartDate: 1_795_000_000,
      ReplicationTaskStats: { FullLoadProgressPercent: 60 },
    },
  ];
  const lifecycleEvent = {
    version: '0',
    id: 'c6b3a2f1-0000-4000-8000-000000000001',
    'detail-type': 'MGN Source Server Lifecycle State Change',
    source: 'aws.mgn',
    account: '111122223333',
    time: '2026-11-29T12:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:mgn:us-east-1:111122223333:source-server/s-0000000000000bund'],
    detail: { state: 'READY_FOR_TEST' },
  };
  const script = `
    const { handler } = require(${JSON.stringify(connectorBundle)});
    (async () => {
      const poll = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [], detail: {} });
      process.stdout.write('POLL ' + JSON.stringify(poll) + '\\n');
      const event = await handler(${JSON.stringify(lifecycleEvent)});
      process.stdout.write('EVENT ' + JSON.stringify(event) + '\\n');
    })();`;
  try {
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: {
        ...lambdaEnvironment(),
        MGH_HOME_REGION: 'us-east-1',
        MGH_CONNECTORS: 'mgn,dms',
        MGH_CONNECTOR_POLL_SECONDS: '300',
        AWS_ENDPOINT_URL_MGN: standIn.url,
        AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE: standIn.url,
        POWERTOOLS_SERVICE_NAME: 'migration-hub',
      },
    });
    const report = (prefix: string) =>
      JSON.parse(
        stdout
          .split('\n')
          .find((line) => line.startsWith(prefix))
          ?.slice(prefix.length) ?? 'null',
      );
    expect(report('POLL ')).toEqual([
      { connector: 'mgn', observed: 1, written: 1, unchanged: 0, older: 0, failed: 0 },
      { connector: 'dms', observed: 1, written: 1, unchanged: 0, older: 0, failed: 0 },
    ]);
    // The event is a hint: the server is described again, and MGN still says what the poll wrote.
    expect(report('EVENT ')).toEqual([
      { connector: 'mgn', observed: 1, written: 0, unchanged: 1, older: 0, failed: 0 },
    ]);
    expect(await endpoint.taskItem('MGN', 's-0000000000000bund')).toMatchObject({
      taskState: { Status: 'IN_PROGRESS', ProgressPercent: 25 },
      nextUpdateSeconds: 900,
    });
    expect(await endpoint.taskItem('DMS', 'BUNDLEDTASK')).toMatchObject({
      taskState: { Status: 'IN_PROGRESS', ProgressPercent: 60 },
    });
    expect(standIn.calls).toEqual(
      expect.arrayContaining([
        'mgn:DescribeSourceServers',
        'dms:DescribeReplicationTasks',
        'dms:DescribeEndpoints',
      ]),
    );
  } finally {
    await standIn.close();
  }
}, 60_000);
