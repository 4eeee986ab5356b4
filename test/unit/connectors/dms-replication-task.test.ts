/**
 * The DMS mapping: every documented task status and stop reason, the full load's progress, ongoing replication,
 * failures, what DMS may add later, and (as a property) that whatever DescribeReplicationTasks answers, the
 * writer's calls pass the operations' own schemas.
 */
import type { Endpoint, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import fc from 'fast-check';
import {
  DMS_STOP_REASONS,
  DMS_STREAM,
  DMS_TASK_STATUSES,
  type DmsLogger,
  observeReplicationTask,
  type ReplicationTaskEndpoints,
} from '../../../lambda/connectors/dms/replication-task';
import type { Observation } from '../../../lambda/connectors/observation';
import { AssociateCreatedArtifactInput } from '../../../lambda/operations/associate-created-artifact';
import { AssociateSourceResourceInput } from '../../../lambda/operations/associate-source-resource';
import { NotifyMigrationTaskStateInput } from '../../../lambda/operations/notify-migration-task-state';
import { PutResourceAttributesInput } from '../../../lambda/operations/put-resource-attributes';

const NOW = 1_767_000_000;
const ARN = 'arn:aws:dms:eu-west-1:123456789012:task:OEAMB3NXSTZ6LFYZFEPPBBXPYM';
const SOURCE_ARN = 'arn:aws:dms:eu-west-1:123456789012:endpoint:SRCENDPOINT';
const TARGET_ARN = 'arn:aws:dms:eu-west-1:123456789012:endpoint:TGTENDPOINT';
const STARTED = new Date('2026-11-01T10:00:00Z');
const LOADED = new Date('2026-11-01T12:00:00Z');

function recordingLogger(): DmsLogger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  return { warnings, info: () => undefined, warn: (...args) => warnings.push(args) };
}

function task(overrides: Partial<ReplicationTask> = {}): ReplicationTask {
  return {
    ReplicationTaskArn: ARN,
    ReplicationTaskIdentifier: 'orders-to-aurora',
    MigrationType: 'full-load-and-cdc',
    SourceEndpointArn: SOURCE_ARN,
    TargetEndpointArn: TARGET_ARN,
    Status: 'running',
    ...overrides,
  };
}

function observe(replicationTask: ReplicationTask, endpoints: ReplicationTaskEndpoints = {}) {
  const logger = recordingLogger();
  const observation = observeReplicationTask(replicationTask, endpoints, { nowSeconds: NOW, logger });
  return { observation, warnings: logger.warnings };
}

function state(replicationTask: ReplicationTask) {
  return observe(replicationTask).observation?.task;
}

/** The statuses the DMS API reference lists for ReplicationTask.Status. */
const DOCUMENTED_STATUSES = [
  'moving',
  'creating',
  'deleting',
  'failed',
  'failed-move',
  'modifying',
  'ready',
  'running',
  'starting',
  'stopped',
  'stopping',
  'testing',
];

/** Per status: before the task ever started; after a full load that finished and a stop (NORMAL). */
const EXPECTED_BY_STATUS: Record<string, [string, string]> = {
  creating: ['NOT_STARTED', 'NOT_STARTED'],
  ready: ['NOT_STARTED', 'COMPLETED'],
  starting: ['IN_PROGRESS', 'IN_PROGRESS'],
  running: ['IN_PROGRESS', 'IN_PROGRESS'],
  stopping: ['IN_PROGRESS', 'IN_PROGRESS'],
  stopped: ['NOT_STARTED', 'COMPLETED'],
  failed: ['FAILED', 'FAILED'],
  modifying: ['NOT_STARTED', 'COMPLETED'],
  testing: ['NOT_STARTED', 'COMPLETED'],
  moving: ['NOT_STARTED', 'COMPLETED'],
  'failed-move': ['NOT_STARTED', 'COMPLETED'],
  deleting: ['NOT_STARTED', 'COMPLETED'],
};

test('the status table holds every documented status, and this test expects each of them', () => {
  expect(Object.keys(DMS_TASK_STATUSES).sort()).toEqual([...DOCUMENTED_STATUSES].sort());
  expect(Object.keys(EXPECTED_BY_STATUS).sort()).toEqual([...DOCUMENTED_STATUSES].sort());
});

test.each(DOCUMENTED_STATUSES)('status %s: before the first start, and after a finished load', (status) => {
  const [before, after] = EXPECTED_BY_STATUS[status] ?? [];
  const fresh = observe(task({ Status: status }));
  expect(fresh.observation?.task.Status).toBe(before);
  expect(fresh.warnings).toEqual([]);
  const done = observe(
    task({
      Status: status,
      StopReason: 'Stop Reason NORMAL',
      ReplicationTaskStats: { StartDate: STARTED, FullLoadFinishDate: LOADED, FullLoadProgressPercent: 100 },
    }),
  );
  expect(done.observation?.task.Status).toBe(after);
  expect(done.observation?.task.StatusDetail).toMatch(new RegExp(`^orders-to-aurora: ${status}; `));
  expect(done.warnings).toEqual([]);
});

test('the full load reports its percent, whole, and what the tables are doing', () => {
  const running = state(
    task({
      MigrationType: 'full-load',
      ReplicationTaskStats: {
        StartDate: STARTED,
        FullLoadProgressPercent: 42.9,
        TablesLoaded: 3,
        TablesLoading: 2,
        TablesQueued: 5,
        TablesErrored: 0,
      },
    }),
  );
  expect(running).toEqual({
    Status: 'IN_PROGRESS',
    ProgressPercent: 42,
    StatusDetail:
      'orders-to-aurora: running; full-load; full load; tables loaded 3, loading 2, queued 5, errored 0',
  });
  expect(state(task({ ReplicationTaskStats: { FullLoadProgressPercent: 140 } }))?.ProgressPercent).toBe(100);
  expect(state(task({ ReplicationTaskStats: { FullLoadProgressPercent: -3 } }))?.ProgressPercent).toBe(0);
  expect(state(task({ ReplicationTaskStats: {} }))).not.toHaveProperty('ProgressPercent');
});

test('ongoing replication is IN_PROGRESS at 100: after a finished full load, and from the start of a CDC task', () => {
  const afterLoad = state(
    task({ ReplicationTaskStats: { FullLoadProgressPercent: 100, FullLoadFinishDate: LOADED } }),
  );
  expect(afterLoad).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
  expect(afterLoad?.StatusDetail).toContain('; ongoing replication');
  const cdc = state(task({ MigrationType: 'cdc', ReplicationTaskStats: { StartDate: STARTED } }));
  expect(cdc).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
  expect(cdc?.StatusDetail).toContain('; cdc; ongoing replication');
});

/** Per stop reason: stopped before the full load finished (at 30 %), and after it. */
const EXPECTED_BY_STOP_REASON: Record<string, [string, string]> = {
  NORMAL: ['IN_PROGRESS', 'COMPLETED'],
  STOPPED_AT_SERVER_TIME: ['IN_PROGRESS', 'COMPLETED'],
  STOPPED_AT_COMMIT_TIME: ['IN_PROGRESS', 'COMPLETED'],
  FULL_LOAD_ONLY_FINISHED: ['COMPLETED', 'COMPLETED'],
  STOPPED_AFTER_FULL_LOAD: ['IN_PROGRESS', 'IN_PROGRESS'],
  STOPPED_AFTER_CACHED_EVENTS: ['IN_PROGRESS', 'IN_PROGRESS'],
  STOPPED_AFTER_DDL_APPLY: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECOVERABLE_ERROR: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECONFIGURATION_RESTART: ['IN_PROGRESS', 'IN_PROGRESS'],
  RECYCLE_TASK: ['IN_PROGRESS', 'IN_PROGRESS'],
  FATAL_ERROR: ['FAILED', 'FAILED'],
  EXPRESS_LICENSE_LIMITS_REACHED: ['FAILED', 'FAILED'],
  STOPPED_DUE_TO_LOW_MEMORY: ['FAILED', 'FAILED'],
  STOPPED_DUE_TO_LOW_DISK: ['FAILED', 'FAILED'],
};

test('the stop reason table holds the documented reasons, and this test expects each of them', () => {
  expect(Object.keys(DMS_STOP_REASONS).sort()).toEqual(Object.keys(EXPECTED_BY_STOP_REASON).sort());
});

test.each(Object.keys(EXPECTED_BY_STOP_REASON))('stopped, Stop Reason %s', (reason) => {
  const [midLoad, loaded] = EXPECTED_BY_STOP_REASON[reason] ?? [];
  const stats = { StartDate: STARTED, FullLoadProgressPercent: 30 };
  const early = observe(
    task({ Status: 'stopped', StopReason: `Stop Reason ${reason}`, ReplicationTaskStats: stats }),
  );
  expect(early.observation?.task.Status).toBe(midLoad);
  expect(early.observation?.task.StatusDetail).toContain(`; stop reason Stop Reason ${reason}`);
  expect(early.warnings).toEqual([]);
  const late = state(
    task({
      Status: 'stopped',
      StopReason: reason,
      ReplicationTaskStats: { ...stats, FullLoadFinishDate: LOADED },
    }),
  );
  expect(late?.Status).toBe(loaded);
});

test('a resumed task no longer says the stop reason of its last stop', () => {
  const resumed = state(
    task({ StopReason: 'Stop Reason STOPPED_AFTER_FULL_LOAD', ReplicationTaskStats: { StartDate: STARTED } }),
  );
  expect(resumed?.StatusDetail).not.toContain('stop reason');
  expect(resumed).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
});

test('a stopped task moving no data reports the percent it reached; a finished one 100', () => {
  const paused = { Status: 'stopped', StopReason: 'Stop Reason NORMAL' };
  expect(state(task({ ...paused, ReplicationTaskStats: { FullLoadProgressPercent: 30 } }))).toMatchObject({
    Status: 'IN_PROGRESS',
    ProgressPercent: 30,
  });
  expect(state(task({ ...paused, MigrationType: 'cdc' }))).toMatchObject({
    Status: 'COMPLETED',
    ProgressPercent: 100,
  });
});

test('a load that finished with tables errored is FAILED; while running, the errored tables are in the detail', () => {
  const stats = { StartDate: STARTED, FullLoadFinishDate: LOADED, TablesLoaded: 8, TablesErrored: 2 };
  const finished = state(
    task({
      MigrationType: 'full-load',
      Status: 'stopped',
      StopReason: 'Stop Reason FULL_LOAD_ONLY_FINISHED',
      ReplicationTaskStats: stats,
    }),
  );
  expect(finished?.Status).toBe('FAILED');
  expect(finished?.StatusDetail).toContain('finished with 2 table(s) errored');
  const running = state(task({ ReplicationTaskStats: stats }));
  expect(running?.Status).toBe('IN_PROGRESS');
  expect(running?.StatusDetail).toContain('errored 2');
});

test('a failed task is FAILED, saying DMS last failure message on one line', () => {
  const failed = state(
    task({
      Status: 'failed',
      LastFailureMessage: 'Last Error Task error notification received.\nTask failed: ORA-01017',
      ReplicationTaskStats: { StartDate: STARTED, FullLoadProgressPercent: 61 },
    }),
  );
  expect(failed).toMatchObject({ Status: 'FAILED', ProgressPercent: 61 });
  expect(failed?.StatusDetail).toContain(
    'last failure: Last Error Task error notification received. Task failed: ORA-01017',
  );
});

test('an unknown status or stop reason is IN_PROGRESS naming it, and warned', () => {
  const status = observe(task({ Status: 'hibernating' }));
  expect(status.observation?.task).toMatchObject({ Status: 'IN_PROGRESS' });
  expect(status.observation?.task.StatusDetail).toContain('status hibernating not known to the connector');
  expect(status.warnings).toEqual([
    [
      expect.stringContaining('status not known'),
      { status: 'hibernating', task: 'OEAMB3NXSTZ6LFYZFEPPBBXPYM' },
    ],
  ]);
  const reason = observe(task({ Status: 'stopped', StopReason: 'Stop Reason QUANTUM_FLUX' }));
  expect(reason.observation?.task.Status).toBe('IN_PROGRESS');
  expect(reason.observation?.task.StatusDetail).toContain(
    'stop reason QUANTUM_FLUX not known to the connector',
  );
  expect(reason.warnings).toEqual([
    [
      expect.stringContaining('stop reason not known'),
      expect.objectContaining({ stopReason: 'QUANTUM_FLUX' }),
    ],
  ]);
  // `constructor` is no status, though every object has one.
  expect(observe(task({ Status: 'constructor' })).warnings).toHaveLength(1);
});

test('the task is the resource id in its ARN, in the account of the ARN; a malformed ARN is skipped and warned', () => {
  const { observation } = observe(task({ ReplicationTaskIdentifier: 'renamed-later' }));
  expect(observation?.key).toEqual({
    accountId: '123456789012',
    stream: DMS_STREAM,
    task: 'OEAMB3NXSTZ6LFYZFEPPBBXPYM',
  });
  expect(observation?.observedAtSeconds).toBe(NOW);
  expect(observation?.stalled).toBe(false);
  for (const ReplicationTaskArn of [
    undefined,
    'arn:aws:dms:eu-west-1:123456789012:rep:X',
    'arn:aws:dms:eu-west-1:1234:task:X',
    `${ARN}|x`,
  ]) {
    const skipped = observe(task({ ReplicationTaskArn }));
    expect(skipped.observation).toBeUndefined();
    expect(skipped.warnings).toHaveLength(1);
  }
});

const endpoint = (overrides: Partial<Endpoint>): Endpoint => ({
  EndpointArn: SOURCE_ARN,
  EndpointIdentifier: 'orders-oracle',
  EngineName: 'oracle',
  EngineDisplayName: 'Oracle',
  DatabaseName: 'ORCL',
  ...overrides,
});

test.each([
  ['10.0.3.17', [{ Type: 'IPV4_ADDRESS', Value: '10.0.3.17' }]],
  ['fd00::17', [{ Type: 'IPV6_ADDRESS', Value: 'fd00::17' }]],
  ['[fd00::17]', [{ Type: 'IPV6_ADDRESS', Value: 'fd00::17' }]],
  [' db1.corp.example.com ', [{ Type: 'FQDN', Value: 'db1.corp.example.com' }]],
  ['db1.corp.example.com/orders', []],
  ['x'.repeat(257), []],
  ['', []],
  [undefined, []],
])('the source server %j gives the attributes %j', (ServerName, expected) => {
  const { observation } = observe(task(), { source: endpoint({ ServerName }) });
  expect(observation?.resourceAttributes).toEqual(expected);
});

test('the target endpoint is the created artifact and the source endpoint the source resource', () => {
  const { observation } = observe(task(), {
    source: endpoint({ ServerName: 'db1.corp.example.com' }),
    target: endpoint({
      EndpointArn: TARGET_ARN,
      EndpointIdentifier: 'orders-aurora',
      EngineDisplayName: 'Amazon Aurora PostgreSQL',
      ServerName: 'orders.cluster-x.eu-west-1.rds.amazonaws.com',
      DatabaseName: 'orders',
    }),
  });
  expect(observation?.createdArtifacts).toEqual([
    {
      Name: TARGET_ARN,
      Description:
        'DMS target endpoint orders-aurora: Amazon Aurora PostgreSQL orders.cluster-x.eu-west-1.rds.amazonaws.com/orders',
    },
  ]);
  expect(observation?.sourceResources).toEqual([
    { Name: 'DMS source endpoint orders-oracle (Oracle db1.corp.example.com/ORCL)', Description: SOURCE_ARN },
  ]);
  const unknown = observe(task()).observation;
  expect(unknown?.createdArtifacts).toEqual([
    { Name: TARGET_ARN, Description: 'DMS target endpoint target endpoint: not described' },
  ]);
  expect(unknown?.sourceResources).toEqual([
    { Name: `DMS source endpoint ${SOURCE_ARN} (not described)`, Description: SOURCE_ARN },
  ]);
  expect(observe(task({ TargetEndpointArn: 'not-an-arn' })).observation?.createdArtifacts).toEqual([]);
});

test('long and multi-line texts are cut to what the operations accept', () => {
  const long = 'y'.repeat(3000);
  const { observation } = observe(task({ LastFailureMessage: `a\r\nb\u2028${long}` }), {
    target: endpoint({ EndpointArn: TARGET_ARN, ServerName: long }),
    source: endpoint({ EndpointIdentifier: long }),
  });
  expect(Array.from(observation?.task.StatusDetail ?? '')).toHaveLength(2500);
  expect(observation?.task.StatusDetail).toContain('last failure: a b y');
  expect(observation?.createdArtifacts[0]?.Description).toHaveLength(500);
  expect(observation?.sourceResources[0]?.Name).toHaveLength(1600);
});

/** Strings of every kind: known values, ASCII, any code points (lone surrogates, line breaks), empty. */
function text(...known: string[]) {
  return fc.option(
    fc.oneof(fc.constantFrom(...known, ''), fc.string(), fc.string({ unit: 'binary', maxLength: 3000 })),
    { nil: undefined },
  );
}
const count = fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined });
const date = fc.option(fc.date({ noInvalidDate: true }), { nil: undefined });

const arbitraryTask: fc.Arbitrary<ReplicationTask> = fc.record(
  {
    ReplicationTaskArn: fc.option(
      fc.oneof(
        fc.constant(ARN),
        fc.string().map((id) => `arn:aws:dms:us-east-1:123456789012:task:${id}`),
        fc.string(),
      ),
      { nil: undefined },
    ),
    ReplicationTaskIdentifier: text('orders'),
    MigrationType: fc.option(fc.constantFrom('full-load', 'cdc', 'full-load-and-cdc'), { nil: undefined }),
    Status: text(...Object.keys(DMS_TASK_STATUSES)),
    StopReason: text(...Object.keys(DMS_STOP_REASONS).map((reason) => `Stop Reason ${reason}`)),
    LastFailureMessage: text('ORA-01017'),
    SourceEndpointArn: text(SOURCE_ARN),
    TargetEndpointArn: text(TARGET_ARN),
    ReplicationTaskStats: fc.option(
      fc.record({
        FullLoadProgressPercent: count,
        TablesLoaded: count,
        TablesLoading: count,
        TablesQueued: count,
        TablesErrored: count,
        StartDate: date,
        FullLoadFinishDate: date,
      }),
      { nil: undefined },
    ),
  },
  { requiredKeys: [] },
);
const arbitraryEndpoint: fc.Arbitrary<Endpoint | undefined> = fc.option(
  fc.record(
    {
      EndpointArn: text(TARGET_ARN),
      EndpointIdentifier: text('db'),
      EngineName: text('mysql'),
      EngineDisplayName: text('MySQL'),
      ServerName: text('10.0.0.1', '::1', 'db.example.com'),
      DatabaseName: text('orders'),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** What the hub writer will send for an observation, each checked by the operation's own input schema. */
function refusals(observation: Observation): unknown[] {
  const target = { ProgressUpdateStream: observation.key.stream, MigrationTaskName: observation.key.task };
  const inputs = [
    NotifyMigrationTaskStateInput.safeParse({
      ...target,
      Task: observation.task,
      UpdateDateTime: observation.observedAtSeconds,
      NextUpdateSeconds: 600,
    }),
    ...(observation.resourceAttributes.length > 0
      ? [
          PutResourceAttributesInput.safeParse({
            ...target,
            ResourceAttributeList: observation.resourceAttributes,
          }),
        ]
      : []),
    ...observation.createdArtifacts.map((CreatedArtifact) =>
      AssociateCreatedArtifactInput.safeParse({ ...target, CreatedArtifact }),
    ),
    ...observation.sourceResources.map((SourceResource) =>
      AssociateSourceResourceInput.safeParse({ ...target, SourceResource }),
    ),
  ];
  return inputs.flatMap((parsed) => (parsed.success ? [] : [parsed.error.issues]));
}

test('whatever DMS answers, every call the writer makes from it passes the operations schemas', () => {
  let observed = 0;
  fc.assert(
    fc.property(arbitraryTask, arbitraryEndpoint, arbitraryEndpoint, (replicationTask, source, target) => {
      const { observation } = observe(replicationTask, { source, target });
      if (observation === undefined) return;
      observed += 1;
      expect(observation.key.accountId).toMatch(/^\d{12}$/);
      expect(refusals(observation)).toEqual([]);
    }),
    { numRuns: 1000 },
  );
  // The property held for observations, not only for skipped tasks.
  expect(observed).toBeGreaterThan(300);
});
