/**
 * MGN's EventBridge events through `observeEvent`, starting from the sample events of the MGN user guide,
 * "Event samples" (https://docs.aws.amazon.com/mgn/latest/ug/eventbridge-events.html), copied as published:
 * their values wrapped in `*` included.
 */
import type { SourceServer } from '@aws-sdk/client-mgn';
import { MgnSource } from '../../../lambda/connectors/mgn/mgn-source';
import type { ServiceEvent } from '../../../lambda/connectors/observation';
import { NOW, ok, REGION, RecordingLogger, SERVER_ID, sourceServer, stubMgn } from './mgn-fixtures';

const LAUNCH_RESULT_SAMPLE: ServiceEvent = JSON.parse(`{
  "version": "0",
  "id": "9da9af57-9253-4406-87cb-7cc400e43465",
  "detail-type": "MGN Source Server Launch Result",
  "source": "aws.mgn",
  "account": "111122223333",
  "time": "2016-08-22T20:12:19Z",
  "region": "us-west-2",
  "resources": [
    "arn:aws:mgn:us-west-2:111122223333:source-server/s-12345678901234567"
  ],
  "detail": {
    "state": "*TEST_LAUNCH_SUCCEEDED*",     "job-id": "*mgnjob-04ca7d0d3fb6afa3e*"
  }
}`);

const LIFECYCLE_SAMPLE: ServiceEvent = JSON.parse(`{
  "version": "0",
  "id": "9da9af57-9253-4406-87cb-7cc400e43465",
  "detail-type": "MGN Source Server Lifecycle State Change",
  "source": "aws.mgn",
  "account": "111122223333",
  "time": "2016-08-22T20:12:19Z",
  "region": "us-west-2",
  "resources": [
    "arn:aws:mgn:us-west-2:111122223333:source-server/s-12345678901234567"
  ],
  "detail": {
     "state": "*READY_FOR_TEST*"
  }
}`);

const STALLED_SAMPLE: ServiceEvent = JSON.parse(`{
  "version": "0",
  "id": "9da9af57-9253-4406-87cb-7cc400e43465",
  "detail-type": "MGN Source Server Data Replication Stalled Change",
  "source": "aws.mgn",
  "account": "111122223333",
  "time": "2016-08-22T20:12:19Z",
  "region": "us-west-2",
  "resources": [
    "arn:aws:mgn:us-west-2:111122223333:source-server/s-12345678901234567"
  ],
  "detail": {
    "state": "*STALLED*"
  }
}`);

/** The job the sample launch-result event names, as MGN's describe shows it once the test launch started. */
const SAMPLE_JOB = 'mgnjob-04ca7d0d3fb6afa3e';
const testing = (jobID = SAMPLE_JOB): SourceServer =>
  sourceServer({
    lifeCycle: {
      state: 'TESTING',
      lastTest: { initiated: { jobID, apiCallDateTime: '2016-08-22T20:02:00Z' } },
    },
    launchedInstance: { ec2InstanceID: 'i-0abc1234def567890', jobID, firstBoot: 'WAITING' },
  });

function sourceDescribing(server: SourceServer) {
  const stub = stubMgn({ '/DescribeSourceServers': () => ok({ items: [server] }) });
  const logger = new RecordingLogger();
  return { ...stub, logger, source: new MgnSource({ client: stub.client, region: REGION, logger }) };
}

function withState(event: ServiceEvent, detail: Record<string, unknown>): ServiceEvent {
  return { ...event, detail: { ...event.detail, ...detail } };
}

test('the launch-result sample: the server it names is described now and observed', async () => {
  const { source, requests } = sourceDescribing(testing());
  const [observation, ...more] = await source.observeEvent(LAUNCH_RESULT_SAMPLE, NOW);
  expect(more).toEqual([]);
  expect(requests[0]).toEqual({
    operation: 'DescribeSourceServers',
    body: { filters: { sourceServerIDs: [SERVER_ID] } },
  });
  expect(observation?.key).toEqual({ accountId: '111122223333', stream: 'MGN', task: SERVER_ID });
  expect(observation?.task).toMatchObject({ Status: 'IN_PROGRESS', ProgressPercent: 100 });
  expect(observation?.observedAtSeconds).toBe(NOW);
  expect(observation?.createdArtifacts[0]?.Name).toBe(
    'arn:aws:ec2:us-west-2:111122223333:instance/i-0abc1234def567890',
  );
});

test('the lifecycle sample: the state is the one described, not the one the event carried', async () => {
  const { source } = sourceDescribing(sourceServer({ lifeCycle: { state: 'READY_FOR_CUTOVER' } }));
  const [observation] = await source.observeEvent(LIFECYCLE_SAMPLE, NOW);
  expect(observation?.task.StatusDetail).toContain('MGN lifecycle READY_FOR_CUTOVER');
});

test('the stalled sample: a stalled replication is observed stalled', async () => {
  const { source } = sourceDescribing(
    sourceServer({ dataReplicationInfo: { dataReplicationState: 'STALLED', lagDuration: 'PT3H' } }),
  );
  const [observation] = await source.observeEvent(STALLED_SAMPLE, NOW);
  expect(observation?.stalled).toBe(true);
  expect(observation?.task.StatusDetail).toContain('replication STALLED; lag PT3H');
});

describe('a launch-result event saying the launch failed', () => {
  const failedSample = withState(LAUNCH_RESULT_SAMPLE, { state: '*TEST_LAUNCH_FAILED*' });

  test('is FAILED at once, though the describe does not show the failure yet', async () => {
    const { source } = sourceDescribing(testing());
    const [observation] = await source.observeEvent(failedSample, NOW);
    expect(observation?.task.Status).toBe('FAILED');
    expect(observation?.task.StatusDetail).toContain(`test launch failed (job ${SAMPLE_JOB})`);
    expect(observation?.observedAtSeconds).toBe(NOW);
  });

  test('a cutover launch failure too, in events without the asterisks', async () => {
    const { source } = sourceDescribing(
      sourceServer({
        lifeCycle: { state: 'CUTTING_OVER', lastCutover: { initiated: { jobID: SAMPLE_JOB } } },
      }),
    );
    const event = withState(LAUNCH_RESULT_SAMPLE, { state: 'CUTOVER_LAUNCH_FAILED', 'job-id': SAMPLE_JOB });
    const [observation] = await source.observeEvent(event, NOW);
    expect(observation?.task.StatusDetail).toContain('cutover launch failed');
    expect(observation?.task.Status).toBe('FAILED');
  });

  test('is not FAILED when the server has launched again since (a late event)', async () => {
    const { source } = sourceDescribing(testing('mgnjob-0000000000000000z'));
    const [observation] = await source.observeEvent(failedSample, NOW);
    expect(observation?.task.Status).toBe('IN_PROGRESS');
  });
});

test('events it does not track, or about no source server, are ignored and logged', async () => {
  const { source, logger, requests } = sourceDescribing(testing());
  const others: ServiceEvent[] = [
    { ...LIFECYCLE_SAMPLE, 'detail-type': 'MGN Agent Install' },
    { ...LIFECYCLE_SAMPLE, source: 'aws.dms' },
    { ...LIFECYCLE_SAMPLE, resources: ['arn:aws:mgn:us-west-2:111122223333:job/mgnjob-04ca7d0d3fb6afa3e'] },
    { ...LIFECYCLE_SAMPLE, resources: [] },
  ];
  for (const event of others) expect(await source.observeEvent(event, NOW)).toEqual([]);
  expect(logger.infos).toHaveLength(others.length);
  expect(requests).toEqual([]);
});

test('a source server MGN no longer describes is nothing to observe', async () => {
  const stub = stubMgn({ '/DescribeSourceServers': () => ok({ items: [] }) });
  const logger = new RecordingLogger();
  const source = new MgnSource({ client: stub.client, region: REGION, logger });
  expect(await source.observeEvent(LIFECYCLE_SAMPLE, NOW)).toEqual([]);
  expect(logger.infos).toHaveLength(1);
});

test("an event reads only the server's application and its wave, none when it has no application", async () => {
  const inApplication = sourceServer({ applicationID: 'app-1' });
  const stub = stubMgn({
    '/DescribeSourceServers': () => ok({ items: [inApplication] }),
    '/ListApplications': () => ok({ items: [{ applicationID: 'app-1', name: 'Payroll', waveID: 'wave-1' }] }),
    '/ListWaves': () => ok({ items: [{ waveID: 'wave-1', name: 'Wave 1' }] }),
  });
  const source = new MgnSource({ client: stub.client, region: REGION, logger: new RecordingLogger() });
  const [observation] = await source.observeEvent(LIFECYCLE_SAMPLE, NOW);
  expect(observation?.sourceResources.map((resource) => resource.Name)).toEqual([
    'MGN application Payroll',
    'MGN wave Wave 1',
  ]);
  expect(stub.requests.filter((request) => request.operation.startsWith('List'))).toEqual([
    { operation: 'ListApplications', body: { filters: { applicationIDs: ['app-1'] } } },
    { operation: 'ListWaves', body: { filters: { waveIDs: ['wave-1'] } } },
  ]);

  const alone = sourceDescribing(sourceServer());
  await alone.source.observeEvent(LIFECYCLE_SAMPLE, NOW);
  expect(alone.requests.map((request) => request.operation)).toEqual(['DescribeSourceServers']);
});
