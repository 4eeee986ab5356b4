/**
 * NotifyApplicationState, DescribeApplicationState and ListApplicationStates through the whole handler
 * (routing, home region, validation, DryRun, the operations and their errors) on the in-memory stores and a
 * clock the test sets, as test/unit/operations.test.ts does for the task operations.
 */
import { StreamPermissions } from '../../lambda/access/policy';
import { createApiHandler } from '../../lambda/api/create-api-handler';
import type { RequestRecord } from '../../lambda/observability/telemetry';
import { type CallerIdentity, invoke, lambdaContext, proxyEvent } from '../support/api';
import { FakeClock } from '../support/clock';
import { InMemoryStore } from '../support/in-memory-store';

const T0 = 1_800_000_000;
const TOOL: CallerIdentity = {
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/migration-tool',
};
/** A principal whom the stream rules below name for nothing: application states are not a stream's. */
const STRANGER: CallerIdentity = {
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:role/someone-else',
};
const OTHER: CallerIdentity = { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/tool' };

let clock: FakeClock;
let records: RequestRecord[];
let homeRegion: string | undefined;
let handler: () => ReturnType<typeof createApiHandler>;
let call: (target: string, body: object, as?: CallerIdentity) => ReturnType<typeof invoke>;

beforeEach(() => {
  clock = new FakeClock(T0 * 1000);
  records = [];
  homeRegion = 'us-east-1';
  const stores = new InMemoryStore(clock);
  handler = () =>
    createApiHandler({
      store: stores.tasks,
      applications: stores.applications,
      homeRegionControls: stores.homeRegions,
      clock,
      homeRegion,
      region: 'us-east-1',
      // Every stream is closed to all but the tool: application states answer all the same.
      policy: new StreamPermissions([{ stream: '*', writers: [TOOL.arn], readers: [TOOL.arn] }]),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      telemetry: { requestFinished: (record) => records.push({ ...record }) },
    });
  call = (target, body, as = TOOL) => invoke(handler(), target, body, as);
});

const notify = (ApplicationId: string, Status: string, UpdateDateTime?: number, as?: CallerIdentity) =>
  call(
    'NotifyApplicationState',
    { ApplicationId, Status, ...(UpdateDateTime !== undefined && { UpdateDateTime }) },
    as,
  );
const describeState = (ApplicationId: string, as?: CallerIdentity) =>
  call('DescribeApplicationState', { ApplicationId }, as);
const errorOf = (answer: { status: number; json: Record<string, unknown> }) => [
  answer.status,
  answer.json.__type,
];

/** Every page of ListApplicationStates, following NextToken. */
async function listAll(body: Record<string, unknown>, as?: CallerIdentity) {
  const pages: { ApplicationId: string; ApplicationStatus: string; LastUpdatedTime: number }[][] = [];
  let NextToken: string | undefined;
  do {
    const answer = await call('ListApplicationStates', { ...body, ...(NextToken && { NextToken }) }, as);
    expect(answer.status).toBe(200);
    pages.push(answer.json.ApplicationStateList as (typeof pages)[number]);
    NextToken = answer.json.NextToken as string | undefined;
  } while (NextToken && pages.length < 50);
  return pages;
}

test('Notify then Describe: the status and its UpdateDateTime, to the fraction sent', async () => {
  expect(await notify('app-1', 'IN_PROGRESS', T0 + 0.25)).toEqual({ status: 200, json: {} });
  expect(await describeState('app-1')).toEqual({
    status: 200,
    json: { ApplicationStatus: 'IN_PROGRESS', LastUpdatedTime: T0 + 0.25 },
  });
});

test('an older notification after a newer one is answered 200, changes nothing and is logged out of order', async () => {
  await notify('app-1', 'COMPLETED', T0 + 60);
  const older = await notify('app-1', 'IN_PROGRESS', T0);
  expect(older.status).toBe(200);
  expect(records.at(-1)).toMatchObject({ operation: 'NotifyApplicationState', outOfOrder: true });
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'COMPLETED',
    LastUpdatedTime: T0 + 60,
  });
  // A later one applies, even one that goes back to an earlier status.
  await notify('app-1', 'NOT_STARTED', T0 + 61);
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'NOT_STARTED',
    LastUpdatedTime: T0 + 61,
  });
  expect(records.at(-1)).not.toHaveProperty('outOfOrder');
});

test.each([
  ['in order of progress', ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED']],
  ['in reverse', ['COMPLETED', 'IN_PROGRESS', 'NOT_STARTED']],
  ['shuffled, with retries', ['IN_PROGRESS', 'COMPLETED', 'IN_PROGRESS', 'NOT_STARTED', 'COMPLETED']],
])('equal UpdateDateTimes: the further-along status wins whatever the order (%s)', async (_name, order) => {
  for (const status of order) expect((await notify('app-1', status, T0)).status).toBe(200);
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'COMPLETED',
    LastUpdatedTime: T0,
  });
});

test('without UpdateDateTime, the time of receipt stands in, and orders against stated times', async () => {
  clock.seconds = T0 + 100;
  await notify('app-1', 'IN_PROGRESS');
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'IN_PROGRESS',
    LastUpdatedTime: T0 + 100,
  });
  // A notification stating an earlier time is older news; one stating a later time wins.
  await notify('app-1', 'COMPLETED', T0 + 99);
  expect((await describeState('app-1')).json).toMatchObject({ ApplicationStatus: 'IN_PROGRESS' });
  await notify('app-1', 'COMPLETED', T0 + 101);
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'COMPLETED',
    LastUpdatedTime: T0 + 101,
  });
  clock.seconds = T0 + 200;
  await notify('app-1', 'NOT_STARTED');
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'NOT_STARTED',
    LastUpdatedTime: T0 + 200,
  });
});

test('DryRun answers DryRunOperation and writes nothing, for any principal of the account', async () => {
  for (const as of [TOOL, STRANGER]) {
    const dry = await call(
      'NotifyApplicationState',
      { ApplicationId: 'app-1', Status: 'COMPLETED', DryRun: true },
      as,
    );
    expect(errorOf(dry)).toEqual([400, 'DryRunOperation']);
  }
  expect(errorOf(await describeState('app-1'))).toEqual([400, 'ResourceNotFoundException']);
  expect((await call('ListApplicationStates', {})).json).toEqual({ ApplicationStateList: [] });
});

test('Describe of an application never notified: ResourceNotFoundException naming it', async () => {
  const answer = await describeState('d-application-0123456789abcdef');
  expect(errorOf(answer)).toEqual([400, 'ResourceNotFoundException']);
  expect(answer.json.Message).toBe(
    'Application d-application-0123456789abcdef has no migration state. Call NotifyApplicationState first.',
  );
});

test('any principal of the account may notify and read; stream rules do not apply', async () => {
  expect((await notify('app-1', 'IN_PROGRESS', T0, STRANGER)).status).toBe(200);
  expect((await describeState('app-1', TOOL)).json).toMatchObject({ ApplicationStatus: 'IN_PROGRESS' });
  expect((await describeState('app-1', STRANGER)).status).toBe(200);
});

test('another account never sees them: its own are separate, same ids included', async () => {
  await notify('app-1', 'COMPLETED', T0);
  expect(errorOf(await describeState('app-1', OTHER))).toEqual([400, 'ResourceNotFoundException']);
  expect((await call('ListApplicationStates', {}, OTHER)).json).toEqual({ ApplicationStateList: [] });
  expect((await call('ListApplicationStates', { ApplicationIds: ['app-1'] }, OTHER)).json).toEqual({
    ApplicationStateList: [],
  });
  await notify('app-1', 'NOT_STARTED', T0 + 5, OTHER);
  expect((await describeState('app-1')).json).toEqual({
    ApplicationStatus: 'COMPLETED',
    LastUpdatedTime: T0,
  });
  expect((await describeState('app-1', OTHER)).json).toEqual({
    ApplicationStatus: 'NOT_STARTED',
    LastUpdatedTime: T0 + 5,
  });
});

describe('ListApplicationStates', () => {
  const ids = Array.from({ length: 12 }, (_, n) => `app-${String(n).padStart(2, '0')}`);
  const statusOf = (n: number) =>
    (['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] as const)[n % 3] ?? 'COMPLETED';

  beforeEach(async () => {
    for (const [n, id] of ids.entries()) await notify(id, statusOf(n), T0 + n);
  });

  test('without ids: every state of the account once, pages of MaxResults in one stable order', async () => {
    const whole = await listAll({});
    expect(whole).toHaveLength(1);
    const all = whole[0] ?? [];
    expect(all.map((state) => state.ApplicationId).sort()).toEqual(ids);
    expect(all).toContainEqual({
      ApplicationId: 'app-04',
      ApplicationStatus: 'IN_PROGRESS',
      LastUpdatedTime: T0 + 4,
    });
    const pages = await listAll({ MaxResults: 5 });
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(all);
  });

  test('the default page is 100', async () => {
    for (let n = 12; n < 105; n += 1) await notify(`app-${n}`, 'IN_PROGRESS', T0);
    const pages = await listAll({});
    expect(pages.map((page) => page.length)).toEqual([100, 5]);
  });

  test('with ids: only those, never-notified ids absent, duplicates once, paged in the same order', async () => {
    const all = (await listAll({}))[0] ?? [];
    const asked = ['app-07', 'ghost', 'app-01', 'app-07', 'app-11', 'app-03'];
    const pages = await listAll({ ApplicationIds: asked, MaxResults: 2 });
    expect(pages.map((page) => page.length)).toEqual([2, 2]);
    expect(pages.flat()).toEqual(all.filter((state) => asked.includes(state.ApplicationId)));
    expect(await listAll({ ApplicationIds: ['ghost'] })).toEqual([[]]);
  });

  test('a state that changes between pages is listed once, as it is when its page is read', async () => {
    const first = await call('ListApplicationStates', { MaxResults: 6 });
    const firstIds = (first.json.ApplicationStateList as { ApplicationId: string }[]).map(
      (s) => s.ApplicationId,
    );
    const later = ids.find((id) => !firstIds.includes(id)) ?? '';
    await notify(later, 'COMPLETED', T0 + 1000);
    const rest = await call('ListApplicationStates', { MaxResults: 6, NextToken: first.json.NextToken });
    const restList = rest.json.ApplicationStateList as { ApplicationId: string }[];
    expect([...firstIds, ...restList.map((s) => s.ApplicationId)].sort()).toEqual(ids);
    expect(restList).toContainEqual({
      ApplicationId: later,
      ApplicationStatus: 'COMPLETED',
      LastUpdatedTime: T0 + 1000,
    });
    expect(rest.json).not.toHaveProperty('NextToken');
  });

  test('a NextToken is bound to its account and its arguments', async () => {
    const first = await call('ListApplicationStates', { MaxResults: 2, ApplicationIds: ids });
    const token = first.json.NextToken as string;
    expect(token).toMatch(/^[A-Za-z0-9+/=]+$/);
    for (const [body, as] of [
      [{ NextToken: token }, TOOL],
      [{ NextToken: token, ApplicationIds: ids.slice(1) }, TOOL],
      [{ NextToken: token, ApplicationIds: ids }, OTHER],
      [{ NextToken: 'AAAA' }, TOOL],
    ] as const) {
      const refused = await call('ListApplicationStates', body, as);
      expect(errorOf(refused)).toEqual([400, 'InvalidInputException']);
      expect(refused.json.Message).toBe(
        'NextToken is not a token returned by a previous call of this request.',
      );
    }
    expect((await call('ListApplicationStates', { NextToken: token, ApplicationIds: ids })).status).toBe(200);
    clock.advanceSeconds(24 * 60 * 60 + 1);
    const expired = await call('ListApplicationStates', { NextToken: token, ApplicationIds: ids });
    expect(expired.json.Message).toBe(
      'NextToken has expired (tokens are valid for 24 hours). Start the listing again.',
    );
  });
});

test('home region: Notify only in it, the reads from any region; all three need one to be set', async () => {
  const signedFor = async (region: string, target: string, body: object) => {
    const event = proxyEvent(target, body, { requestId: 'r', as: TOOL });
    event.headers.Authorization = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/${region}/mgh/aws4_request, SignedHeaders=host, Signature=0`;
    const result = await handler()(event, lambdaContext('r'));
    return { status: result.statusCode, json: JSON.parse(result.body) as Record<string, unknown> };
  };
  const elsewhere = await signedFor('eu-west-1', 'NotifyApplicationState', {
    ApplicationId: 'a',
    Status: 'COMPLETED',
  });
  expect(errorOf(elsewhere)).toEqual([400, 'InvalidInputException']);
  expect(elsewhere.json.Message).toContain('but the Migration Hub home region is us-east-1');
  expect(
    (await signedFor('us-east-1', 'NotifyApplicationState', { ApplicationId: 'a', Status: 'COMPLETED' }))
      .status,
  ).toBe(200);
  expect((await signedFor('eu-west-1', 'DescribeApplicationState', { ApplicationId: 'a' })).status).toBe(200);
  expect((await signedFor('eu-west-1', 'ListApplicationStates', {})).json.ApplicationStateList).toHaveLength(
    1,
  );
  homeRegion = undefined;
  for (const [target, body] of [
    ['NotifyApplicationState', { ApplicationId: 'a', Status: 'COMPLETED' }],
    ['DescribeApplicationState', { ApplicationId: 'a' }],
    ['ListApplicationStates', {}],
  ] as const) {
    expect(errorOf(await call(target, body))).toEqual([400, 'HomeRegionNotSetException']);
  }
});
