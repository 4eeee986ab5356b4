/**
 * The MGN source against the real MgnClient, with MGN's answers injected as HTTP responses under the SDK: the
 * client serializes each request, retries and parses errors as it would against MGN. (aws-sdk-client-mock
 * replaces `send`, which would skip the retries these tests are about, and its types are built on newer
 * @smithy/types than MgnClient 3.523.0's.)
 */
import { MGN_ACTIONS, MgnSource } from '../../../lambda/connectors/mgn/mgn-source';
import type { Observation } from '../../../lambda/connectors/observation';
import {
  error,
  NOW,
  ok,
  REGION,
  RecordingLogger,
  type Route,
  SERVER_ID,
  sourceServer,
  stubMgn,
  throttled,
} from './mgn-fixtures';

async function all(source: MgnSource): Promise<Observation[]> {
  const observations: Observation[] = [];
  for await (const observation of source.observeAll(NOW)) observations.push(observation);
  return observations;
}

function sourceFor(routes: Record<string, Route>, maxAttempts?: number) {
  const stub = stubMgn(routes, maxAttempts);
  const logger = new RecordingLogger();
  return { ...stub, logger, source: new MgnSource({ client: stub.client, region: REGION, logger }) };
}

describe('reading MGN', () => {
  test('pages through every active source server, naming applications and waves read once', async () => {
    const ids = ['s-00000000000000001', 's-00000000000000002', 's-00000000000000003'];
    const pages: Record<string, unknown> = {
      first: { items: [sourceServer({ applicationID: 'app-1' }, ids[0])], nextToken: 'page-2' },
      'page-2': { items: [sourceServer({}, ids[1])], nextToken: 'page-3' },
      'page-3': { items: [sourceServer({}, ids[2])] },
    };
    const { source, requests } = sourceFor({
      '/DescribeSourceServers': (body) => ok(pages[String(body.nextToken ?? 'first')]),
      '/ListApplications': (body) =>
        body.nextToken === 'more'
          ? ok({ items: [{ applicationID: 'app-1', name: 'Payroll', waveID: 'wave-1' }] })
          : ok({ items: [{ applicationID: 'app-0', name: 'Other' }], nextToken: 'more' }),
      '/ListWaves': () => ok({ items: [{ waveID: 'wave-1', name: 'Wave 1' }] }),
    });

    const observations = await all(source);

    expect(observations.map((observation) => observation.key.task)).toEqual(ids);
    const describes = requests.filter((request) => request.operation === 'DescribeSourceServers');
    expect(describes.map((request) => request.body.nextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(describes.map((request) => request.body.filters)).toEqual(Array(3).fill({ isArchived: false }));
    expect(observations[0]?.sourceResources.map((resource) => resource.Name)).toEqual([
      'MGN application Payroll',
      'MGN wave Wave 1',
    ]);
    expect(requests.filter((request) => request.operation === 'ListApplications')).toHaveLength(2);
    expect(requests.filter((request) => request.operation === 'ListWaves')).toHaveLength(1);
  });

  test('a server whose latest launch job failed is FAILED, one whose job launched is not', async () => {
    const launched = (jobID: string, id: string) =>
      sourceServer({ lifeCycle: { state: 'TESTING', lastTest: { initiated: { jobID } } } }, id);
    const { source, requests } = sourceFor({
      '/DescribeSourceServers': () =>
        ok({
          items: [
            launched('mgnjob-0000000000000000a', 's-0000000000000000a'),
            launched('mgnjob-0000000000000000b', 's-0000000000000000b'),
          ],
        }),
      '/DescribeJobs': () =>
        ok({
          items: [
            {
              jobID: 'mgnjob-0000000000000000a',
              participatingServers: [{ sourceServerID: 's-0000000000000000a', launchStatus: 'FAILED' }],
            },
            {
              jobID: 'mgnjob-0000000000000000b',
              participatingServers: [{ sourceServerID: 's-0000000000000000b', launchStatus: 'LAUNCHED' }],
            },
          ],
        }),
    });

    const observations = await all(source);

    expect(observations.map((observation) => observation.task.Status)).toEqual(['FAILED', 'IN_PROGRESS']);
    expect(requests.find((request) => request.operation === 'DescribeJobs')?.body.filters).toEqual({
      jobIDs: ['mgnjob-0000000000000000a', 'mgnjob-0000000000000000b'],
    });
  });

  test('MGN not initialized in the region: nothing observed, warned once over many polls and events', async () => {
    const uninitialized = () => error(400, 'UninitializedAccountException', 'Account not initialized');
    const { source, logger } = sourceFor({
      '/ListApplications': uninitialized,
      '/DescribeSourceServers': uninitialized,
    });
    expect(await all(source)).toEqual([]);
    expect(await all(source)).toEqual([]);
    expect(await source.observeEvent(launchEventFor(SERVER_ID), NOW)).toEqual([]);
    expect(logger.warnings.map((warning) => warning.message)).toEqual([
      'MGN is not initialized in this region: the MGN connector observes nothing',
    ]);
  });

  test('access denied propagates to the poll loop', async () => {
    const { source, logger } = sourceFor({
      '/DescribeSourceServers': () => error(403, 'AccessDeniedException', 'not authorized'),
    });
    await expect(all(source)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(logger.warnings).toEqual([]);
  });

  test('the IAM actions granted are exactly the operations the source calls', async () => {
    const { source, requests } = sourceFor({
      '/DescribeSourceServers': () =>
        ok({
          items: [
            sourceServer({
              lifeCycle: { state: 'TESTING', lastTest: { initiated: { jobID: 'mgnjob-0000000000000000a' } } },
            }),
          ],
        }),
    });
    await all(source);
    await source.observeEvent(launchEventFor(SERVER_ID), NOW);
    const called = new Set(requests.map((request) => `mgn:${request.operation}`));
    expect([...called].sort()).toEqual([...MGN_ACTIONS].sort());
  });
});

describe('through the SDK’s own retries and error parsing', () => {
  test('a throttled request is retried by the SDK and the poll goes on', async () => {
    let calls = 0;
    const { source, requests } = sourceFor(
      { '/ListApplications': () => (++calls === 1 ? throttled : ok({ items: [] })) },
      2,
    );
    expect(await all(source)).toEqual([]);
    expect(requests.slice(0, 2).map((request) => request.operation)).toEqual([
      'ListApplications',
      'ListApplications',
    ]);
  });

  test('throttling that outlasts maxAttempts propagates, after exactly that many requests', async () => {
    const { source, requests } = sourceFor({ '/ListApplications': () => throttled }, 2);
    await expect(all(source)).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { attempts: 2 },
    });
    expect(requests).toHaveLength(2);
  });
});

function launchEventFor(id: string) {
  return {
    'detail-type': 'MGN Source Server Launch Result',
    source: 'aws.mgn',
    account: '111122223333',
    time: '2026-11-29T10:00:00Z',
    region: REGION,
    resources: [`arn:aws:mgn:${REGION}:111122223333:source-server/${id}`],
    detail: { state: 'TEST_LAUNCH_SUCCEEDED', 'job-id': 'mgnjob-04ca7d0d3fb6afa3e' },
  };
}
