/**
 * migrationhub-config on the same handler, and the home region as the request pipeline resolves it: the
 * deployment's configured home region against a control an account sets, on the in-memory stores and a clock
 * the test sets. test/integration/home-region-control.test.ts drives the same through real clients.
 */
import type { ControlRegions } from '../../lambda/access/home-region';
import { StreamPermissions } from '../../lambda/access/policy';
import { type ApiHandler, createApiHandler } from '../../lambda/api/create-api-handler';
import { configuredControl } from '../../lambda/model/home-region';
import { encodeToken } from '../../lambda/operations/pagination';
import { type CallerIdentity, invoke } from '../support/api';
import { FakeClock } from '../support/clock';
import { InMemoryHomeRegionStore } from '../support/in-memory-home-region-store';
import { InMemoryStore } from '../support/in-memory-store';

const T0 = 1_800_000_000;
const A: CallerIdentity = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/migration-tool' };
const A_ADMIN: CallerIdentity = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:role/admin' };
const B: CallerIdentity = { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/tool' };
const CONFIG = 'AWSMigrationHubMultiAccountService';

/** The fake, counting its reads: the pipeline must read a control only when an operation depends on it. */
class CountingStore extends InMemoryHomeRegionStore {
  reads = 0;
  override async get(accountId: string) {
    this.reads += 1;
    return super.get(accountId);
  }
}

let clock: FakeClock;
let controls: CountingStore;
let stores: InMemoryStore;

function handler(homeRegion: string | undefined, controlRegions?: ControlRegions): ApiHandler {
  return createApiHandler({
    store: stores.tasks,
    applications: stores.applications,
    homeRegionControls: controls,
    clock,
    homeRegion,
    region: 'us-east-1',
    ...(controlRegions && { controlRegions }),
    // A stream rule, to show that it does not govern the config operations.
    policy: new StreamPermissions([{ stream: '*', writers: [A.arn] }]),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

beforeEach(() => {
  clock = new FakeClock(T0 * 1000);
  controls = new CountingStore();
  stores = new InMemoryStore(clock);
});

const errorOf = (answer: { status: number; json: Record<string, unknown> }) => [
  answer.status,
  answer.json.__type,
];

function caller(api: ApiHandler, as: CallerIdentity = A, region = 'us-east-1') {
  return {
    config: (operation: string, body: object = {}) => invoke(api, `${CONFIG}.${operation}`, body, as, region),
    mgh: (operation: string, body: object = {}) => invoke(api, operation, body, as, region),
  };
}

const createBody = (HomeRegion: string, extra: object = {}) => ({
  HomeRegion,
  Target: { Type: 'ACCOUNT' },
  ...extra,
});

describe('a configured home region', () => {
  test('is every account’s, reported as its control, and read without storage', async () => {
    const api = handler('us-east-1');
    const a = caller(api);
    expect((await a.config('GetHomeRegion')).json).toEqual({ HomeRegion: 'us-east-1' });
    expect((await caller(api, B).config('GetHomeRegion')).json).toEqual({ HomeRegion: 'us-east-1' });
    const described = await a.config('DescribeHomeRegionControls');
    const expected = {
      ControlId: configuredControl(A.accountId, 'us-east-1').controlId,
      HomeRegion: 'us-east-1',
      Target: { Type: 'ACCOUNT', Id: A.accountId },
    };
    expect(described.json).toEqual({ HomeRegionControls: [expected] });
    expect(expected.ControlId).toMatch(/^hrc-[a-z0-9]{12}$/);
    // Stable: another Lambda (another handler) reports the same id; another account gets its own.
    expect((await caller(handler('us-east-1')).config('DescribeHomeRegionControls')).json).toEqual(
      described.json,
    );
    expect(configuredControl(B.accountId, 'us-east-1').controlId).not.toBe(expected.ControlId);
    expect((await a.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' })).status).toBe(
      200,
    );
    expect((await a.mgh('ListProgressUpdateStreams')).status).toBe(200);
    expect(controls.reads).toBe(0);
  });

  test('creating a control for it returns it; another region is refused, naming the setting', async () => {
    const a = caller(handler('us-east-1', 'any'));
    const created = await a.config('CreateHomeRegionControl', createBody('us-east-1'));
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      HomeRegionControl: {
        ControlId: configuredControl(A.accountId, 'us-east-1').controlId,
        HomeRegion: 'us-east-1',
        Target: { Type: 'ACCOUNT', Id: A.accountId },
      },
    });
    const refused = await a.config('CreateHomeRegionControl', createBody('eu-west-1'));
    expect(errorOf(refused)).toEqual([400, 'InvalidInputException']);
    expect(refused.json.Message).toBe(
      "The home region of account 111122223333 is us-east-1, set by this deployment's setting " +
        '(MGH_HOME_REGION for the local endpoint, -c homeRegion when deployed): change that setting to change it.',
    );
    expect(controls.writes).toEqual([]);
  });

  test('cannot be deleted; an id that is no control of the account is refused too', async () => {
    const a = caller(handler('us-east-1'));
    const { controlId } = configuredControl(A.accountId, 'us-east-1');
    const refused = await a.config('DeleteHomeRegionControl', { ControlId: controlId });
    expect(errorOf(refused)).toEqual([400, 'InvalidInputException']);
    expect(refused.json.Message).toMatch(
      new RegExp(
        `^Control ${controlId} is this deployment's configured home region \\(us-east-1\\).*MGH_HOME_REGION`,
      ),
    );
    const unknown = await a.config('DeleteHomeRegionControl', { ControlId: 'hrc-aaaaaaaaaaaa' });
    expect(unknown.json).toMatchObject({
      __type: 'InvalidInputException',
      Message: 'ControlId hrc-aaaaaaaaaaaa is not a home region control of account 111122223333.',
    });
    expect((await a.config('GetHomeRegion')).json).toEqual({ HomeRegion: 'us-east-1' });
  });
});

describe('without a configured home region', () => {
  test('an account sets one with a control; the pipeline then uses it as a configured one', async () => {
    const api = handler(undefined, 'any');
    const inEurope = caller(api, A, 'eu-west-1');
    const inVirginia = caller(api, A, 'us-east-1');
    expect((await inEurope.config('GetHomeRegion')).json).toEqual({});
    expect((await inEurope.config('DescribeHomeRegionControls')).json).toEqual({ HomeRegionControls: [] });
    const notSet = await inEurope.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' });
    expect(errorOf(notSet)).toEqual([400, 'HomeRegionNotSetException']);
    expect(notSet.json.Message).toContain(
      'aws migrationhub-config create-home-region-control --home-region REGION --target Type=ACCOUNT',
    );

    const created = await inEurope.config('CreateHomeRegionControl', createBody('eu-west-1'));
    expect(created.status).toBe(200);
    const control = created.json.HomeRegionControl as Record<string, unknown>;
    expect(control).toEqual({
      ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
      HomeRegion: 'eu-west-1',
      Target: { Type: 'ACCOUNT', Id: A.accountId },
      RequestedTime: T0,
    });
    expect((await inVirginia.config('GetHomeRegion')).json).toEqual({ HomeRegion: 'eu-west-1' });
    expect(
      (await inEurope.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' })).status,
    ).toBe(200);
    const elsewhere = await inVirginia.mgh('CreateProgressUpdateStream', {
      ProgressUpdateStreamName: 'Other',
    });
    expect(errorOf(elsewhere)).toEqual([400, 'InvalidInputException']);
    expect(elsewhere.json.Message).toContain('the Migration Hub home region is eu-west-1');
    // Reads answer from any region.
    expect((await inVirginia.mgh('ListProgressUpdateStreams')).json).toEqual({
      ProgressUpdateStreamSummaryList: [{ ProgressUpdateStreamName: 'Tool' }],
    });
    // Any principal of the account: the stream rule names only the migration tool.
    expect((await caller(api, A_ADMIN).config('GetHomeRegion')).json).toEqual({ HomeRegion: 'eu-west-1' });
  });

  test('the stored control is read once per request, and only where the operation depends on it', async () => {
    const api = handler(undefined, 'any');
    const a = caller(api, A, 'eu-west-1');
    await a.config('CreateHomeRegionControl', createBody('eu-west-1'));
    await a.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' });
    await a.mgh('ImportMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' });
    controls.reads = 0;
    await a.mgh('DescribeMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' });
    expect(controls.reads).toBe(1);
    // Its model lists no HomeRegionNotSetException, and it reads from any region: nothing to read.
    await a.mgh('ListMigrationTaskUpdates', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' });
    expect(controls.reads).toBe(1);
    // GetHomeRegion reads it once, as its answer, and the pipeline does not read it before.
    await a.config('GetHomeRegion');
    expect(controls.reads).toBe(2);
  });

  test('creating it again is idempotent; another region is refused until the control is deleted', async () => {
    const a = caller(handler(undefined, 'any'));
    const first = await a.config('CreateHomeRegionControl', createBody('eu-west-1'));
    clock.advanceSeconds(60);
    const again = await a.config(
      'CreateHomeRegionControl',
      createBody('eu-west-1', { Target: { Type: 'ACCOUNT', Id: A.accountId } }),
    );
    expect(again.json).toEqual(first.json);
    const other = await a.config('CreateHomeRegionControl', createBody('us-west-2'));
    const { ControlId } = first.json.HomeRegionControl as { ControlId: string };
    expect(other.json).toEqual({
      __type: 'InvalidInputException',
      Message:
        `The home region of account 111122223333 is already eu-west-1 (control ${ControlId}). ` +
        'To change it, delete that control with DeleteHomeRegionControl first.',
    });
    expect(controls.writes).toHaveLength(1);
    expect((await a.config('DeleteHomeRegionControl', { ControlId })).json).toEqual({});
    const moved = await a.config('CreateHomeRegionControl', createBody('us-west-2'));
    expect(moved.json.HomeRegionControl).toMatchObject({ HomeRegion: 'us-west-2', RequestedTime: T0 + 60 });
  });

  test('DryRun answers DryRunOperation once the input is valid, and writes nothing', async () => {
    const a = caller(handler(undefined, 'any'));
    const dry = await a.config('CreateHomeRegionControl', createBody('eu-west-1', { DryRun: true }));
    expect(errorOf(dry)).toEqual([400, 'DryRunOperation']);
    const invalid = await a.config(
      'CreateHomeRegionControl',
      createBody('eu-west-1', { DryRun: true, Target: { Type: 'ACCOUNT', Id: B.accountId } }),
    );
    expect(errorOf(invalid)).toEqual([400, 'InvalidInputException']);
    expect(controls.writes).toEqual([]);
    expect((await a.config('GetHomeRegion')).json).toEqual({});
  });

  test('deleting: the control goes, writes need a home region again, tasks stay', async () => {
    const api = handler(undefined, 'any');
    const a = caller(api);
    const created = await a.config('CreateHomeRegionControl', createBody('us-east-1'));
    const { ControlId } = created.json.HomeRegionControl as { ControlId: string };
    await a.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' });
    // Another account can neither see nor delete it.
    const b = caller(api, B);
    expect((await b.config('DescribeHomeRegionControls', { ControlId })).json).toEqual({
      HomeRegionControls: [],
    });
    expect((await b.config('DeleteHomeRegionControl', { ControlId })).json).toEqual({
      __type: 'InvalidInputException',
      Message: `ControlId ${ControlId} is not a home region control of account 444455556666.`,
    });
    expect((await a.config('DeleteHomeRegionControl', { ControlId })).status).toBe(200);
    expect((await a.config('GetHomeRegion')).json).toEqual({});
    expect(
      errorOf(await a.mgh('ImportMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'x' })),
    ).toEqual([400, 'HomeRegionNotSetException']);
    expect(errorOf(await a.config('DeleteHomeRegionControl', { ControlId }))).toEqual([
      400,
      'InvalidInputException',
    ]);
    expect((await stores.tasks.listStreams(A.accountId, 10)).items).toEqual(['Tool']);
  });
});

describe('what a control may say', () => {
  test('deployed, only the region the deployment answers in: any other is refused before DryRun', async () => {
    const a = caller(handler(undefined, ['eu-central-1']));
    for (const body of [createBody('us-east-1'), createBody('us-east-1', { DryRun: true })]) {
      const refused = await a.config('CreateHomeRegionControl', body);
      expect(refused.json).toEqual({
        __type: 'InvalidInputException',
        Message:
          'HomeRegion must be a region this deployment answers in (eu-central-1), not us-east-1: API Gateway ' +
          'accepts signatures for its own region only, so every write would be refused.',
      });
    }
    expect((await a.config('CreateHomeRegionControl', createBody('eu-central-1'))).status).toBe(200);
  });

  test('the deployment region is the default restriction', async () => {
    const a = caller(handler(undefined));
    expect(errorOf(await a.config('CreateHomeRegionControl', createBody('eu-west-1')))).toEqual([
      400,
      'InvalidInputException',
    ]);
    expect((await a.config('CreateHomeRegionControl', createBody('us-east-1'))).status).toBe(200);
  });

  test('Target: ACCOUNT, and when Id is given, the calling account', async () => {
    const a = caller(handler(undefined, 'any'));
    const cases: [object, string][] = [
      [
        { Target: { Type: 'ACCOUNT', Id: B.accountId } },
        'Target.Id must be the calling account (111122223333), not 444455556666: a home region control ' +
          'applies to the account that creates it.',
      ],
      [{ Target: { Type: 'ORGANIZATION' } }, 'Target.Type must be one of ACCOUNT'],
      [{ Target: { Type: 'ACCOUNT', Id: '12345' } }, 'Target.Id must be at least 12 characters long'],
      [{ Target: { Type: 'ACCOUNT', Id: '11112222333a' } }, 'Target.Id must be a 12-digit AWS account ID'],
      [{ Target: undefined }, 'Target is required'],
      [
        { HomeRegion: 'US-EAST-1' },
        'HomeRegion must be an AWS Region name such as us-west-2 (lowercase letters-letters-digits)',
      ],
    ];
    for (const [change, message] of cases) {
      const answer = await a.config('CreateHomeRegionControl', { ...createBody('us-east-1'), ...change });
      expect(answer.json).toEqual({ __type: 'InvalidInputException', Message: message });
    }
    expect(controls.writes).toEqual([]);
  });
});

describe('DescribeHomeRegionControls', () => {
  test('filters by ControlId, HomeRegion and Target; a filter that does not match lists nothing', async () => {
    const a = caller(handler(undefined, 'any'));
    const created = await a.config('CreateHomeRegionControl', createBody('eu-west-1'));
    const control = created.json.HomeRegionControl as { ControlId: string };
    const listed = { HomeRegionControls: [control] };
    const describe_ = async (body: object) => (await a.config('DescribeHomeRegionControls', body)).json;
    expect(await describe_({})).toEqual(listed);
    expect(await describe_({ ControlId: control.ControlId, HomeRegion: 'eu-west-1', MaxResults: 1 })).toEqual(
      listed,
    );
    expect(await describe_({ Target: { Type: 'ACCOUNT', Id: A.accountId } })).toEqual(listed);
    expect(await describe_({ ControlId: 'hrc-000000000000' })).toEqual({ HomeRegionControls: [] });
    expect(await describe_({ HomeRegion: 'us-east-1' })).toEqual({ HomeRegionControls: [] });
    expect(await describe_({ Target: { Type: 'ACCOUNT', Id: B.accountId } })).toEqual({
      HomeRegionControls: [],
    });
  });

  test('MaxResults is 1-100; a NextToken from another call, or forged, is refused', async () => {
    const api = handler('us-east-1');
    const a = caller(api);
    for (const [MaxResults, message] of [
      [0, 'MaxResults must be at least 1'],
      [101, 'MaxResults must be at most 100'],
    ] as const) {
      expect((await a.config('DescribeHomeRegionControls', { MaxResults })).json).toEqual({
        __type: 'InvalidInputException',
        Message: message,
      });
    }
    await a.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'A' });
    await a.mgh('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'B' });
    const token = (await a.mgh('ListProgressUpdateStreams', { MaxResults: 1 })).json.NextToken as string;
    expect(token).toEqual(expect.any(String));
    const forged = encodeToken(['DescribeHomeRegionControls', A.accountId, '', '', '', ''], 'x', T0);
    for (const NextToken of [token, forged]) {
      expect((await a.config('DescribeHomeRegionControls', { NextToken })).json).toEqual({
        __type: 'InvalidInputException',
        Message: 'NextToken is not a token returned by a previous call of this request.',
      });
    }
  });
});
