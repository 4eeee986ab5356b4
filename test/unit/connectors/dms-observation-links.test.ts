/**
 * What the DMS mapping links to a task (the source server's addresses, the target endpoint, the source endpoint),
 * and, as a property, that whatever DescribeReplicationTasks answers, the writer's calls pass the operations' own
 * schemas: the hub can never refuse what the connector observed.
 */
import type { Endpoint, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import fc from 'fast-check';
import { DMS_STOP_REASONS, DMS_TASK_STATUSES } from '../../../lambda/connectors/dms/replication-task';
import { ARN, endpoint, observe, SOURCE_ARN, TARGET_ARN, task } from './dms-fixtures';
import { refusals } from './writable';

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
