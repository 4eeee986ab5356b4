/**
 * The connectors' writing half, on the in-memory stores behind the real API handler: what an observation
 * becomes in the hub, what a second poll writes (nothing, unless a live task needs renewing), and that an
 * older observation never regresses a task. The sources (mgn/, dms/) have their own tests; the whole path on
 * both engines and over HTTP is in test/integration/connectors.test.ts.
 */
import { createApiHandler } from '../../../lambda/api/create-api-handler';
import { ConnectorRunError, Connectors } from '../../../lambda/connectors/connectors';
import { CONNECTOR_POLICY, connectorArn, HubClient } from '../../../lambda/connectors/hub-client';
import {
  HubWriter,
  NEXT_UPDATE_POLLS,
  RENEW_AFTER_POLLS,
  STALLED_NEXT_UPDATE_SECONDS,
} from '../../../lambda/connectors/hub-writer';
import type { ConnectorSource, Observation, ServiceEvent } from '../../../lambda/connectors/observation';
import type { RequestRecord } from '../../../lambda/observability/telemetry';
import { invoke } from '../../support/api';
import { FakeClock } from '../../support/clock';
import { InMemoryStore } from '../../support/in-memory-store';

const T0 = 1_800_000_000;
const POLL = 300;
const OWNER = '111122223333';
const OTHER = '444455556666';
const WRITES = new Set([
  'CreateProgressUpdateStream',
  'ImportMigrationTask',
  'NotifyMigrationTaskState',
  'PutResourceAttributes',
  'AssociateCreatedArtifact',
  'AssociateSourceResource',
]);

let clock: FakeClock;
let records: RequestRecord[];
let api: ReturnType<typeof createApiHandler>;
let homeRegion: string | undefined;

function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    key: { accountId: OWNER, stream: 'MGN', task: 's-1234567890abcdef0' },
    task: { Status: 'IN_PROGRESS', StatusDetail: 'replicating', ProgressPercent: 40 },
    stalled: false,
    observedAtSeconds: clock.seconds,
    resourceAttributes: [
      { Type: 'FQDN', Value: 'web-1.example.com' },
      { Type: 'IPV4_ADDRESS', Value: '10.0.0.5' },
    ],
    createdArtifacts: [
      { Name: `arn:aws:ec2:us-east-1:${OWNER}:instance/i-0abc`, Description: 'test launch' },
    ],
    sourceResources: [{ Name: 'MGN application orders', Description: 'app-1' }],
    ...overrides,
  };
}

/** A source that observes what the test says, and fails where it says. */
class ScriptedSource implements ConnectorSource {
  readonly name = 'mgn' as const;
  items: Array<Observation | Error> = [];
  async *observeAll(): AsyncIterable<Observation> {
    for (const item of this.items) {
      if (item instanceof Error) throw item;
      yield item;
    }
  }
  async observeEvent(event: ServiceEvent): Promise<readonly Observation[]> {
    return this.items.filter(
      (item): item is Observation => !(item instanceof Error) && event.resources.includes(item.key.task),
    );
  }
}

function build() {
  const stores = new InMemoryStore(clock);
  api = createApiHandler({
    store: stores.tasks,
    applications: stores.applications,
    clock,
    homeRegion,
    homeRegionControls: stores.homeRegions,
    region: 'us-east-1',
    policy: CONNECTOR_POLICY,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    telemetry: { requestFinished: (record) => records.push({ ...record }) },
  });
  return new HubWriter({ hub: new HubClient(api, 'mgn'), pollSeconds: POLL });
}

const writesSince = (start: number) =>
  records
    .slice(start)
    .filter((record) => WRITES.has(record.operation ?? ''))
    .map((record) => record.operation);

async function describeTask(task = 's-1234567890abcdef0', accountId = OWNER) {
  const answer = await invoke(
    api,
    'DescribeMigrationTask',
    { ProgressUpdateStream: 'MGN', MigrationTaskName: task },
    { accountId, arn: `arn:aws:iam::${accountId}:user/reader` },
  );
  return answer;
}

beforeEach(() => {
  clock = new FakeClock(T0 * 1000);
  records = [];
  homeRegion = 'us-east-1';
});

describe('HubWriter', () => {
  it('creates the stream and task on first sight and writes state, attributes, artifact and source resource', async () => {
    const writer = build();
    expect(await writer.apply(observation(), clock.seconds)).toBe('written');
    expect(writesSince(0)).toEqual([
      'CreateProgressUpdateStream',
      'ImportMigrationTask',
      'NotifyMigrationTaskState',
      'PutResourceAttributes',
      'AssociateCreatedArtifact',
      'AssociateSourceResource',
    ]);
    const { json } = await describeTask();
    expect(json.MigrationTask).toMatchObject({
      Task: { Status: 'IN_PROGRESS', StatusDetail: 'replicating', ProgressPercent: 40 },
      UpdateDateTime: T0,
      ResourceAttributeList: observation().resourceAttributes,
    });
    const notify = records.find((record) => record.operation === 'NotifyMigrationTaskState');
    expect(notify).toMatchObject({ statusCode: 200, stream: 'MGN', task: 's-1234567890abcdef0' });
  });

  it('writes nothing when a poll finds nothing new, and renews a live task every other poll', async () => {
    const writer = build();
    await writer.apply(observation(), clock.seconds);
    clock.seconds += POLL;
    const second = records.length;
    expect(await writer.apply(observation(), clock.seconds)).toBe('unchanged');
    expect(writesSince(second)).toEqual([]);

    clock.seconds = T0 + POLL * RENEW_AFTER_POLLS;
    const third = records.length;
    expect(await writer.apply(observation(), clock.seconds)).toBe('written');
    expect(writesSince(third)).toEqual(['NotifyMigrationTaskState']);
    const { json } = await describeTask();
    expect(json.MigrationTask).toMatchObject({ UpdateDateTime: T0 + POLL * RENEW_AFTER_POLLS, Stale: false });
  });

  it('a new writer (a cold start) re-reads what is associated instead of associating it again', async () => {
    await build().apply(observation(), clock.seconds);
    const fresh = new HubWriter({ hub: new HubClient(api, 'mgn'), pollSeconds: POLL });
    const start = records.length;
    expect(await fresh.apply(observation(), clock.seconds + 1)).toBe('unchanged');
    expect(writesSince(start)).toEqual([]);
  });

  it('promises the next update within three polls, so a connector that stops leaves its tasks stale', async () => {
    const writer = build();
    await writer.apply(observation(), clock.seconds);
    clock.seconds = T0 + POLL * NEXT_UPDATE_POLLS - 1;
    expect((await describeTask()).json.MigrationTask).toMatchObject({ Stale: false });
    clock.seconds = T0 + POLL * NEXT_UPDATE_POLLS + 1;
    expect((await describeTask()).json.MigrationTask).toMatchObject({ Stale: true });
  });

  it('drops an observation older than the task state: nothing written, nothing regressed', async () => {
    const writer = build();
    await writer.apply(observation({ task: { Status: 'COMPLETED', ProgressPercent: 100 } }), clock.seconds);
    const start = records.length;
    const late = observation({
      observedAtSeconds: T0 - 60,
      task: { Status: 'IN_PROGRESS', ProgressPercent: 5 },
    });
    expect(await writer.apply(late, clock.seconds + 10)).toBe('older');
    expect(writesSince(start)).toEqual([]);
    expect((await describeTask()).json.MigrationTask).toMatchObject({
      Task: { Status: 'COMPLETED', ProgressPercent: 100 },
    });
  });

  it('reports a stalled item due at once (stale), and leaves it so while it stays stalled', async () => {
    const writer = build();
    const stalled = observation({
      stalled: true,
      task: { Status: 'IN_PROGRESS', StatusDetail: 'data replication STALLED', ProgressPercent: 40 },
    });
    await writer.apply(stalled, clock.seconds);
    clock.seconds += STALLED_NEXT_UPDATE_SECONDS + 1;
    expect((await describeTask()).json.MigrationTask).toMatchObject({ Stale: true });
    clock.seconds += POLL * 2;
    const start = records.length;
    expect(await writer.apply({ ...stalled, observedAtSeconds: clock.seconds }, clock.seconds)).toBe(
      'unchanged',
    );
    expect(writesSince(start)).toEqual([]);
    await writer.apply(observation({ observedAtSeconds: clock.seconds }), clock.seconds);
    expect((await describeTask()).json.MigrationTask).toMatchObject({ Stale: false });
  });

  it('a stalled item whose detail changes while it stays stalled and stale is not reported again', async () => {
    const writer = build();
    const stalled = (detail: string) =>
      observation({
        stalled: true,
        observedAtSeconds: clock.seconds,
        task: { Status: 'IN_PROGRESS', StatusDetail: detail, ProgressPercent: 40 },
      });
    await writer.apply(stalled('replication STALLED; error AGENT_NOT_SEEN'), clock.seconds);
    clock.seconds += POLL;
    const start = records.length;
    expect(await writer.apply(stalled('replication STALLED; error SNAPSHOTS_FAILURE'), clock.seconds)).toBe(
      'unchanged',
    );
    expect(writesSince(start)).toEqual([]);
  });

  it('an item the service will say no more of (final) is never due, so it never goes stale', async () => {
    const writer = build();
    const gone = observation({
      final: true,
      task: { Status: 'FAILED', StatusDetail: 'MGN lifecycle DISCONNECTED' },
    });
    await writer.apply(gone, clock.seconds);
    clock.seconds += POLL * 100;
    expect((await describeTask()).json.MigrationTask).toMatchObject({
      Task: { Status: 'FAILED' },
      Stale: false,
    });
    // Nor is it notified again while it stays so: there is nothing to renew.
    const start = records.length;
    expect(await writer.apply({ ...gone, observedAtSeconds: clock.seconds }, clock.seconds)).toBe(
      'unchanged',
    );
    expect(writesSince(start)).toEqual([]);
  });

  it('a stream gone behind its back (deleted, a new table) is created again, with the task and its links', async () => {
    build();
    // One writer across two stores: the second stands for the stream's data gone.
    const writer = new HubWriter({
      hub: new HubClient(((event, context) => api(event, context)) as typeof api, 'mgn'),
      pollSeconds: POLL,
    });
    await writer.apply(observation(), clock.seconds);
    build();
    clock.seconds += 1;
    const start = records.length;
    expect(await writer.apply(observation({ observedAtSeconds: clock.seconds }), clock.seconds)).toBe(
      'written',
    );
    expect(writesSince(start)).toEqual([
      'CreateProgressUpdateStream',
      'ImportMigrationTask',
      'NotifyMigrationTaskState',
      'PutResourceAttributes',
      'AssociateCreatedArtifact',
      'AssociateSourceResource',
    ]);
  });

  it('never renews a completed task, and replaces attributes that changed', async () => {
    const writer = build();
    const done = observation({ task: { Status: 'COMPLETED', ProgressPercent: 100 } });
    await writer.apply(done, clock.seconds);
    clock.seconds += POLL * 10;
    const start = records.length;
    expect(await writer.apply({ ...done, observedAtSeconds: clock.seconds }, clock.seconds)).toBe(
      'unchanged',
    );
    const moved = {
      ...done,
      observedAtSeconds: clock.seconds,
      resourceAttributes: [{ Type: 'IPV4_ADDRESS', Value: '10.0.0.9' }],
    };
    expect(await writer.apply(moved, clock.seconds)).toBe('written');
    expect(writesSince(start)).toEqual(['PutResourceAttributes']);
    expect((await describeTask()).json.MigrationTask).toMatchObject({
      ResourceAttributeList: moved.resourceAttributes,
    });
  });

  it('writes in the namespace of the account that owns the item, under the connector’s own ARN', async () => {
    const writer = build();
    await writer.apply(
      observation({ key: { accountId: OTHER, stream: 'MGN', task: 's-other' } }),
      clock.seconds,
    );
    expect((await describeTask('s-other', OTHER)).status).toBe(200);
    expect((await describeTask('s-other', OWNER)).json.__type).toBe('ResourceNotFoundException');
    expect(connectorArn(OTHER, 'mgn')).toBe(`arn:aws:sts::${OTHER}:assumed-role/MigrationHubConnector/mgn`);
  });
});

describe('Connectors', () => {
  function connectors() {
    const source = new ScriptedSource();
    const logged: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = {
      info: (message: string, fields?: Record<string, unknown>) => logged.push([message, fields]),
      warn: (message: string, fields?: Record<string, unknown>) => logged.push([message, fields]),
      error: (message: string, fields?: Record<string, unknown>) => logged.push([message, fields]),
    };
    const run = new Connectors([{ source, writer: build() }], logger, POLL, clock);
    return { source, run, logged };
  }

  it('polls every item and reports what it wrote', async () => {
    const { source, run } = connectors();
    source.items = [observation(), observation({ key: { accountId: OWNER, stream: 'MGN', task: 's-2' } })];
    expect(await run.poll()).toEqual([
      { connector: 'mgn', observed: 2, written: 2, unchanged: 0, older: 0, failed: 0 },
    ]);
    expect(await run.poll()).toEqual([
      { connector: 'mgn', observed: 2, written: 0, unchanged: 2, older: 0, failed: 0 },
    ]);
  });

  it('writes what it read before the service failed, then fails the run naming the connector', async () => {
    const { source, run } = connectors();
    source.items = [
      observation(),
      new Error('AccessDeniedException: not authorized to mgn:DescribeSourceServers'),
    ];
    const failure = await run.poll().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorRunError);
    expect((failure as ConnectorRunError).message).toContain('mgn (Error: AccessDeniedException');
    expect((failure as ConnectorRunError).reports[0]).toMatchObject({ observed: 1, written: 1 });
    expect((await describeTask()).status).toBe(200);
  });

  it('one item that cannot be written does not stop the others', async () => {
    const { source, run, logged } = connectors();
    // A task name the API refuses ('|' is not allowed): its calls answer InvalidInputException.
    source.items = [
      observation({ key: { accountId: OWNER, stream: 'MGN', task: 's-bad|name' } }),
      observation({ key: { accountId: OWNER, stream: 'MGN', task: 's-2' } }),
    ];
    const failure = (await run.poll().catch((error: unknown) => error)) as ConnectorRunError;
    expect(failure.reports[0]).toMatchObject({ observed: 2, failed: 1, written: 1 });
    expect(JSON.stringify(logged)).toContain('InvalidInputException');
    expect((await describeTask('s-2')).status).toBe(200);
  });

  it('with no home region every write is refused, each logged, none crashing the run', async () => {
    homeRegion = undefined; // no home region: every write answers HomeRegionNotSetException
    const { source, run, logged } = connectors();
    source.items = [observation(), observation({ key: { accountId: OWNER, stream: 'MGN', task: 's-2' } })];
    const failure = (await run.poll().catch((error: unknown) => error)) as ConnectorRunError;
    expect(failure.reports[0]).toMatchObject({ observed: 2, failed: 2, written: 0 });
    expect(JSON.stringify(logged)).toContain('HomeRegionNotSetException');
  });

  it('an event writes the item it names; an event of no enabled connector is ignored', async () => {
    const { source, run } = connectors();
    source.items = [observation()];
    const event = (from: string): ServiceEvent => ({
      'detail-type': 'MGN Source Server Lifecycle State Change',
      source: from,
      account: OWNER,
      region: 'us-east-1',
      time: new Date(T0 * 1000).toISOString(),
      resources: ['s-1234567890abcdef0'],
      detail: { state: 'READY_FOR_TEST' },
    });
    expect(await run.handleEvent(event('aws.dms'))).toEqual([]);
    expect((await describeTask()).json.__type).toBe('ResourceNotFoundException');
    expect(await run.handleEvent(event('aws.mgn'))).toEqual([
      { connector: 'mgn', observed: 1, written: 1, unchanged: 0, older: 0, failed: 0 },
    ]);
    expect((await describeTask()).status).toBe(200);
  });
});
