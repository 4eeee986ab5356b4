/**
 * The mapping of one MGN source server to an observation: every lifecycle state, the replication arithmetic,
 * stalls, states the SDK does not know, and what the writer sends, held to the operations' own schemas.
 */
import { DataReplicationState, LifeCycleState, type SourceServer } from '@aws-sdk/client-mgn';
import * as fc from 'fast-check';
import {
  LIFECYCLE_STATUS,
  MGN_STREAM,
  observeSourceServer,
  REPLICATION_STALLS,
  type SourceServerContext,
} from '../../../lambda/connectors/mgn/source-server';
import type { Observation } from '../../../lambda/connectors/observation';
import { ACCOUNT, NOW, REGION, RecordingLogger, SERVER_ID, sourceServer } from './mgn-fixtures';
import { refusals } from './writable';

function observe(server: SourceServer, context: Partial<SourceServerContext> = {}) {
  const logger = new RecordingLogger();
  const observation = observeSourceServer(server, { region: REGION, nowSeconds: NOW, logger, ...context });
  return { observation, logger };
}

function observed(server: SourceServer, context: Partial<SourceServerContext> = {}): Observation {
  const { observation } = observe(server, context);
  if (observation === undefined) throw new Error('no observation');
  return observation;
}

/** What the user guide's lifecycle says each state is, in Migration Hub's terms (progress: 1000 bytes, 250 done). */
const EXPECTED: Record<string, { status: string; progress: number | undefined }> = {
  DISCOVERED: { status: 'NOT_STARTED', progress: undefined },
  PENDING_INSTALLATION: { status: 'NOT_STARTED', progress: undefined },
  NOT_READY: { status: 'IN_PROGRESS', progress: 25 },
  STOPPED: { status: 'IN_PROGRESS', progress: 25 },
  READY_FOR_TEST: { status: 'IN_PROGRESS', progress: 100 },
  TESTING: { status: 'IN_PROGRESS', progress: 100 },
  READY_FOR_CUTOVER: { status: 'IN_PROGRESS', progress: 100 },
  CUTTING_OVER: { status: 'IN_PROGRESS', progress: 100 },
  CUTOVER: { status: 'COMPLETED', progress: 100 },
  DISCONNECTED: { status: 'FAILED', progress: undefined },
};

test('the status table has exactly the SDK lifecycle states and replication states', () => {
  expect(Object.keys(LIFECYCLE_STATUS).sort()).toEqual(Object.values(LifeCycleState).sort());
  expect(Object.keys(REPLICATION_STALLS).sort()).toEqual(Object.values(DataReplicationState).sort());
});

test.each(Object.values(LifeCycleState))('lifecycle %s maps to its Migration Hub status', (state) => {
  const { observation, logger } = observe(sourceServer({ lifeCycle: { state } }));
  expect(observation?.task.Status).toBe(EXPECTED[state]?.status);
  expect(observation?.task.ProgressPercent).toBe(EXPECTED[state]?.progress);
  expect(observation?.task.StatusDetail).toContain(`MGN lifecycle ${state}`);
  expect(observation?.key).toEqual({ accountId: ACCOUNT, stream: MGN_STREAM, task: SERVER_ID });
  expect(observation?.observedAtSeconds).toBe(NOW);
  expect(logger.warnings).toEqual([]);
});

test('disconnected after a finalized cutover is completed, before it failed', () => {
  const finalized = { lastCutover: { finalized: { apiCallDateTime: '2026-11-01T10:00:00Z' } } };
  expect(observed(sourceServer({ lifeCycle: { state: 'DISCONNECTED', ...finalized } })).task).toMatchObject({
    Status: 'COMPLETED',
    ProgressPercent: 100,
  });
  expect(observed(sourceServer({ lifeCycle: { state: 'DISCONNECTED' } })).task.Status).toBe('FAILED');
});

describe('replication progress', () => {
  const withDisks = (replicatedDisks: unknown) =>
    observed(
      sourceServer({
        dataReplicationInfo: {
          replicatedDisks: replicatedDisks as never,
          dataReplicationState: 'INITIAL_SYNC',
        },
      }),
    ).task.ProgressPercent;

  test('sums the disks: replicated bytes over total bytes', () => {
    expect(
      withDisks([
        { totalStorageBytes: 100, replicatedStorageBytes: 10 },
        { totalStorageBytes: 300, replicatedStorageBytes: 290 },
      ]),
    ).toBe(75);
  });

  test('is floored, so 100 means every byte', () => {
    expect(withDisks([{ totalStorageBytes: 1000, replicatedStorageBytes: 999 }])).toBe(99);
  });

  test('is not reported without disks, with zero totals or with figures missing', () => {
    expect(withDisks(undefined)).toBeUndefined();
    expect(withDisks([])).toBeUndefined();
    expect(withDisks([{ totalStorageBytes: 0, replicatedStorageBytes: 0 }])).toBeUndefined();
    expect(withDisks([{ deviceName: '/dev/sdb' }])).toBeUndefined();
  });

  test('a disk missing its replicated figure counts as nothing replicated; overshoot is capped', () => {
    expect(
      withDisks([{ totalStorageBytes: 100 }, { totalStorageBytes: 100, replicatedStorageBytes: 100 }]),
    ).toBe(50);
    expect(withDisks([{ totalStorageBytes: 100, replicatedStorageBytes: 500 }])).toBe(100);
  });
});

test('a stalled replication is stalled, and says why', () => {
  const observation = observed(
    sourceServer({
      dataReplicationInfo: {
        dataReplicationState: 'STALLED',
        lagDuration: 'PT2H',
        dataReplicationError: { error: 'AGENT_NOT_SEEN', rawError: 'agent last seen\n2 hours ago' },
      },
    }),
  );
  expect(observation.stalled).toBe(true);
  expect(observation.task.Status).toBe('IN_PROGRESS');
  expect(observation.task.StatusDetail).toBe(
    'MGN lifecycle NOT_READY; replication STALLED; replication error AGENT_NOT_SEEN: agent last seen 2 hours ago',
  );
  expect(observed(sourceServer()).stalled).toBe(false);
});

test('unknown lifecycle and replication states map to IN_PROGRESS, named and warned about', () => {
  const { observation, logger } = observe(
    sourceServer({
      lifeCycle: { state: 'ARRIVED_ON_MARS' as never },
      dataReplicationInfo: { dataReplicationState: 'WARP_SPEED' as never },
    }),
  );
  expect(observation?.task.Status).toBe('IN_PROGRESS');
  expect(observation?.task.StatusDetail).toContain('unknown lifecycle state ARRIVED_ON_MARS');
  expect(observation?.task.StatusDetail).toContain('unknown replication state WARP_SPEED');
  expect(logger.warnings.map((warning) => warning.fields?.state)).toEqual(['ARRIVED_ON_MARS', 'WARP_SPEED']);
});

test('a failed launch is FAILED, unless the cutover was finalized', () => {
  const failedLaunch = { kind: 'test', jobId: 'mgnjob-04ca7d0d3fb6afa3e' } as const;
  const failed = observed(sourceServer({ lifeCycle: { state: 'TESTING' } }), { failedLaunch });
  expect(failed.task.Status).toBe('FAILED');
  expect(failed.task.StatusDetail).toContain('test launch failed (job mgnjob-04ca7d0d3fb6afa3e)');
  expect(observed(sourceServer({ lifeCycle: { state: 'CUTOVER' } }), { failedLaunch }).task.Status).toBe(
    'COMPLETED',
  );
});

test('StatusDetail is one line of at most 2,500 characters', () => {
  const detail = observed(
    sourceServer({
      dataReplicationInfo: {
        dataReplicationError: { error: 'SNAPSHOTS_FAILURE', rawError: 'x\r\n'.repeat(2000) },
      },
    }),
  ).task.StatusDetail;
  expect(detail).not.toMatch(/[\r\n]/);
  expect([...(detail ?? '')].length).toBe(2500);
});

test('resource attributes: what identifies the source, each valid, once', () => {
  const attributes = observed(
    sourceServer({
      vcenterClientID: 'cid-0123456789abcdef0',
      sourceProperties: {
        identificationHints: {
          fqdn: 'web-1.corp.example.com',
          hostname: 'web-1.corp.example.com',
          vmWareUuid: '4237c0a1-1b2c-3d4e-5f60-718293a4b5c6',
          vmPath: '/Datacenter/vm/web-1',
        },
        networkInterfaces: [
          { macAddress: '00:50:56:AA:BB:CC', ips: ['10.0.0.5', 'fe80::250:56ff:feaa:bbcc', '999.1.1.1'] },
          { macAddress: 'not-a-mac', ips: ['10.0.0.5', 'host/name'] },
        ],
      },
    }),
  ).resourceAttributes;
  expect(attributes).toEqual([
    { Type: 'FQDN', Value: 'web-1.corp.example.com' },
    { Type: 'BIOS_ID', Value: '4237c0a1-1b2c-3d4e-5f60-718293a4b5c6' },
    { Type: 'VM_PATH', Value: '/Datacenter/vm/web-1' },
    { Type: 'VM_MANAGER_ID', Value: 'cid-0123456789abcdef0' },
    { Type: 'MAC_ADDRESS', Value: '00:50:56:AA:BB:CC' },
    { Type: 'IPV4_ADDRESS', Value: '10.0.0.5' },
    { Type: 'IPV6_ADDRESS', Value: 'fe80::250:56ff:feaa:bbcc' },
  ]);
});

test('a vCenter managed object reference is one; at most 100 attributes, addresses dropped first', () => {
  const many = observed(
    sourceServer({
      sourceProperties: {
        identificationHints: { vmWareUuid: 'vm-1042' },
        networkInterfaces: Array.from({ length: 150 }, (_, n) => ({ ips: [`10.1.${n}.1`] })),
      },
    }),
  ).resourceAttributes;
  expect(many[0]).toEqual({ Type: 'VM_MANAGED_OBJECT_REFERENCE', Value: 'vm-1042' });
  expect(many).toHaveLength(100);
});

test('the launched instance is a created artifact, the application and wave source resources', () => {
  const observation = observed(
    sourceServer({
      lifeCycle: { state: 'CUTTING_OVER', lastCutover: { initiated: { jobID: 'mgnjob-0000000000000000c' } } },
      launchedInstance: { ec2InstanceID: 'i-0abc1234def567890', jobID: 'mgnjob-0000000000000000c' },
    }),
    { application: { id: 'app-1234567890abcdef0', name: 'Payroll' }, wave: { id: 'wave-1234567890abcdef0' } },
  );
  expect(observation.createdArtifacts).toEqual([
    {
      Name: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0abc1234def567890`,
      Description: 'MGN cutover instance (job mgnjob-0000000000000000c)',
    },
  ]);
  expect(observation.sourceResources).toEqual([
    // Named by id, so a renamed application stays one source resource; the name is the description.
    { Name: 'MGN application app-1234567890abcdef0', Description: 'Payroll (MGN application)' },
    { Name: 'MGN wave wave-1234567890abcdef0', Description: 'MGN wave' },
  ]);
});

test('the account is the ARN’s; without an ARN the given one; without either, nothing (warned)', () => {
  expect(observed(sourceServer({ arn: undefined }), { accountId: '444455556666' }).key.accountId).toBe(
    '444455556666',
  );
  const { observation, logger } = observe(sourceServer({ arn: undefined }));
  expect(observation).toBeUndefined();
  expect(logger.warnings).toHaveLength(1);
});

/** Strings that break schemas: line breaks, lone surrogates, separators, huge values. */
const awkward = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('a', '1', ':', '.', '/', '|', '\n', '\u2028', '\ud800', '<', '-') }),
  fc.constantFrom('', '10.0.0.1', '::1', 'fe80::1%eth0', '00:11:22:33:44:55', 'vm-7', 'i-0123456789abcdef0'),
  fc.string({ minLength: 2000, maxLength: 3000 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const count = maybe(fc.oneof(fc.nat(), fc.double(), fc.constant(0)));
const some = <T>(arb: fc.Arbitrary<T>) => maybe(fc.array(arb, { maxLength: 4 }));
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] });
const serverShapes = partial({
  sourceServerID: fc.oneof(awkward, fc.constant(SERVER_ID)),
  arn: fc.oneof(awkward, fc.constant(`arn:aws:mgn:${REGION}:${ACCOUNT}:source-server/${SERVER_ID}`)),
  vcenterClientID: awkward,
  applicationID: awkward,
  lifeCycle: partial({
    state: fc.oneof(fc.constantFrom(...Object.values(LifeCycleState)), awkward),
    lastCutover: partial({
      finalized: partial({ apiCallDateTime: awkward }),
      initiated: partial({ jobID: awkward }),
    }),
  }),
  launchedInstance: partial({ ec2InstanceID: awkward, jobID: awkward, firstBoot: awkward }),
  dataReplicationInfo: partial({
    dataReplicationState: fc.oneof(fc.constantFrom(...Object.values(DataReplicationState)), awkward),
    lagDuration: awkward,
    etaDateTime: awkward,
    dataReplicationError: partial({ error: awkward, rawError: awkward }),
    replicatedDisks: some(partial({ totalStorageBytes: count, replicatedStorageBytes: count })),
  }),
  sourceProperties: partial({
    identificationHints: partial({ fqdn: awkward, hostname: awkward, vmWareUuid: awkward, vmPath: awkward }),
    networkInterfaces: some(partial({ macAddress: awkward, ips: some(awkward) })),
  }),
}) as fc.Arbitrary<SourceServer>;

test('property: every observation of any source server is accepted by every operation the writer calls', () => {
  fc.assert(
    fc.property(serverShapes, maybe(awkward), maybe(awkward), (server, applicationName, waveName) => {
      const logger = new RecordingLogger();
      const observation = observeSourceServer(server, {
        region: REGION,
        nowSeconds: NOW,
        logger,
        application: { id: 'app-1', ...(applicationName !== undefined && { name: applicationName }) },
        wave: { id: 'wave-1', ...(waveName !== undefined && { name: waveName }) },
        failedLaunch: { kind: 'cutover' },
      });
      if (observation === undefined) {
        expect(logger.warnings.length).toBeGreaterThan(0);
        return;
      }
      expect(refusals(observation)).toEqual([]);
      expect(observation.key.accountId).toMatch(/^[0-9]{12}$/);
    }),
    { numRuns: 500 },
  );
});
