/**
 * Every operation, through the whole handler (routing, validation, authorization, DryRun, the operation and
 * its errors), on the in-memory store and a clock the test sets: the behaviour of the API without an engine
 * or a server, in milliseconds. The integration suite runs the same API on both engines.
 */
import { StreamPermissions } from '../../lambda/access/policy';
import { createApiHandler } from '../../lambda/api/create-api-handler';
import type { RequestRecord } from '../../lambda/observability/telemetry';
import { encodeToken, TOKEN_LIFETIME_SECONDS } from '../../lambda/operations/pagination';
import { type CallerIdentity, invoke } from '../support/api';
import { FakeClock } from '../support/clock';
import { InMemoryStore } from '../support/in-memory-store';

const T0 = 1_800_000_000;
const TOOL: CallerIdentity = {
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/migration-tool',
};
const AUDITOR: CallerIdentity = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/auditor' };
const OTHER: CallerIdentity = { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/tool' };
const ARN = (n: number) => `arn:aws:ec2:us-east-1:111122223333:instance/i-${n}`;

let clock: FakeClock;
let records: RequestRecord[];
let call: (target: string, body: object, as?: CallerIdentity) => ReturnType<typeof invoke>;

beforeEach(() => {
  clock = new FakeClock(T0 * 1000);
  records = [];
  const stores = new InMemoryStore(clock);
  const handler = createApiHandler({
    store: stores.tasks,
    applications: stores.applications,
    clock,
    homeRegion: 'us-east-1',
    homeRegionControls: stores.homeRegions,
    region: 'us-east-1',
    // Only the migration tool may write `Locked`; the auditor may read it.
    policy: new StreamPermissions([{ stream: 'Locked', writers: [TOOL.arn], readers: [AUDITOR.arn] }]),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    telemetry: { requestFinished: (record) => records.push({ ...record }) },
  });
  call = (target, body, as = TOOL) => invoke(handler, target, body, as);
});

const stream = (name = 'Tool') => call('CreateProgressUpdateStream', { ProgressUpdateStreamName: name });
const task = (name: string, streamName = 'Tool') =>
  call('ImportMigrationTask', { ProgressUpdateStream: streamName, MigrationTaskName: name });
const notify = (name: string, at: number, Status = 'IN_PROGRESS', next = 60, streamName = 'Tool') =>
  call('NotifyMigrationTaskState', {
    ProgressUpdateStream: streamName,
    MigrationTaskName: name,
    Task: { Status, ProgressPercent: 10 },
    UpdateDateTime: at,
    NextUpdateSeconds: next,
  });
const describe = (name: string, streamName = 'Tool') =>
  call('DescribeMigrationTask', { ProgressUpdateStream: streamName, MigrationTaskName: name });
const errorOf = (answer: { status: number; json: Record<string, unknown> }) => [
  answer.status,
  answer.json.__type,
];

test('CreateProgressUpdateStream: created, created again without change; DryRun writes nothing', async () => {
  expect((await stream()).status).toBe(200);
  expect((await stream()).status).toBe(200);
  const dry = await call('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Dry', DryRun: true });
  expect(errorOf(dry)).toEqual([400, 'DryRunOperation']);
  expect((await call('ListProgressUpdateStreams', {})).json.ProgressUpdateStreamSummaryList).toEqual([
    { ProgressUpdateStreamName: 'Tool' },
  ]);
});

test('ImportMigrationTask: needs its stream; importing again succeeds', async () => {
  expect(errorOf(await task('vm-1'))).toEqual([400, 'ResourceNotFoundException']);
  await stream();
  expect((await task('vm-1')).status).toBe(200);
  expect((await task('vm-1')).status).toBe(200);
});

test('NotifyMigrationTaskState: the newest update wins; older news is 200 and logged out of order', async () => {
  await stream();
  expect(errorOf(await notify('vm-1', T0))).toEqual([400, 'ResourceNotFoundException']);
  await task('vm-1');
  expect((await notify('vm-1', T0 + 10, 'COMPLETED')).status).toBe(200);
  expect((await notify('vm-1', T0, 'IN_PROGRESS')).status).toBe(200);
  expect(records.at(-1)).toMatchObject({ operation: 'NotifyMigrationTaskState', outOfOrder: true });
  expect((await describe('vm-1')).json.MigrationTask).toMatchObject({
    Task: { Status: 'COMPLETED' },
    UpdateDateTime: T0 + 10,
  });
});

test('NotifyMigrationTaskState: an invalid input names the member and its rule', async () => {
  const answer = await call('NotifyMigrationTaskState', {
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'vm:1',
    Task: { Status: 'DONE' },
    NextUpdateSeconds: 60,
  });
  expect(errorOf(answer)).toEqual([400, 'InvalidInputException']);
  expect(answer.json.Message).toBe(
    "MigrationTaskName must not contain ':' or '|'; Task.Status must be one of NOT_STARTED, IN_PROGRESS, " +
      'FAILED, COMPLETED; UpdateDateTime is required',
  );
});

test('DescribeMigrationTask: stale by the injected clock, once the deadline has passed', async () => {
  await stream();
  await task('vm-1');
  expect((await describe('vm-1')).json.MigrationTask).toEqual({
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'vm-1',
    ResourceAttributeList: [],
  });
  await notify('vm-1', T0, 'IN_PROGRESS', 60);
  clock.seconds = T0 + 60;
  expect((await describe('vm-1')).json.MigrationTask).toMatchObject({ Stale: false });
  clock.seconds = T0 + 61;
  expect((await describe('vm-1')).json.MigrationTask).toMatchObject({ Stale: true, StaleSince: T0 + 60 });
  expect(errorOf(await describe('vm-2'))).toEqual([400, 'ResourceNotFoundException']);
});

test('PutResourceAttributes: replaces the list; ListMigrationTasks finds the task by a value', async () => {
  await stream();
  await task('vm-1');
  await task('vm-2');
  const put = (Value: string) =>
    call('PutResourceAttributes', {
      ProgressUpdateStream: 'Tool',
      MigrationTaskName: 'vm-1',
      ResourceAttributeList: [{ Type: 'IPV4_ADDRESS', Value }],
    });
  expect((await put('10.0.0.1')).status).toBe(200);
  expect((await put('10.0.0.2')).status).toBe(200);
  expect(errorOf(await put('10.0.0.256'))).toEqual([400, 'InvalidInputException']);
  const found = await call('ListMigrationTasks', { ResourceName: '10.0.0.2' });
  expect(found.json.MigrationTaskSummaryList).toEqual([
    { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' },
  ]);
  expect(
    (await call('ListMigrationTasks', { ResourceName: '10.0.0.1' })).json.MigrationTaskSummaryList,
  ).toEqual([]);
});

test('ListProgressUpdateStreams: page by page; a token expires after 24 hours of the clock', async () => {
  for (const name of ['A', 'B', 'C']) await stream(name);
  const first = await call('ListProgressUpdateStreams', { MaxResults: 2 });
  expect(first.json.ProgressUpdateStreamSummaryList).toEqual([
    { ProgressUpdateStreamName: 'A' },
    { ProgressUpdateStreamName: 'B' },
  ]);
  const token = first.json.NextToken as string;
  const second = await call('ListProgressUpdateStreams', { NextToken: token });
  expect(second.json).toEqual({ ProgressUpdateStreamSummaryList: [{ ProgressUpdateStreamName: 'C' }] });
  clock.advanceSeconds(TOKEN_LIFETIME_SECONDS + 1);
  const expired = await call('ListProgressUpdateStreams', { NextToken: token });
  expect([expired.status, expired.json.__type, expired.json.Message]).toEqual([
    400,
    'InvalidToken',
    expect.stringMatching(/NextToken has expired/),
  ]);
});

test('a token is bound to its list and account; a forged cursor inside a good envelope is refused', async () => {
  for (const name of ['A', 'B']) await stream(name);
  const token = (await call('ListProgressUpdateStreams', { MaxResults: 1 })).json.NextToken as string;
  expect(errorOf(await call('ListProgressUpdateStreams', { NextToken: token }, OTHER))).toEqual([
    400,
    'InvalidInputException',
  ]);
  expect(errorOf(await call('ListMigrationTasks', { NextToken: token }))).toEqual([
    400,
    'InvalidInputException',
  ]);
  const forged = encodeToken(['ListProgressUpdateStreams', TOOL.accountId], 'a/b', T0);
  expect((await call('ListProgressUpdateStreams', { NextToken: forged })).json.Message).toBe(
    'NextToken is not a token returned by a previous call of this request.',
  );
});

test('ListMigrationTasks: every readable stream, page by page, with staleness members', async () => {
  await stream('A');
  await stream('Locked');
  await task('t1', 'A');
  await task('t2', 'Locked');
  await notify('t1', T0 - 120, 'IN_PROGRESS', 60, 'A');
  const pages: unknown[] = [];
  let NextToken: string | undefined;
  do {
    const page = await call('ListMigrationTasks', { MaxResults: 1, ...(NextToken && { NextToken }) });
    pages.push(...(page.json.MigrationTaskSummaryList as unknown[]));
    NextToken = page.json.NextToken as string | undefined;
  } while (NextToken);
  expect(pages).toEqual([
    {
      ProgressUpdateStream: 'A',
      MigrationTaskName: 't1',
      Status: 'IN_PROGRESS',
      ProgressPercent: 10,
      UpdateDateTime: T0 - 120,
      Stale: true,
      StaleSince: T0 - 60,
    },
    { ProgressUpdateStream: 'Locked', MigrationTaskName: 't2' },
  ]);
  // Someone not allowed to read `Locked` does not see it.
  const outsider = { accountId: TOOL.accountId, arn: 'arn:aws:iam::111122223333:user/outsider' };
  const listed = await call('ListMigrationTasks', {}, outsider);
  expect(
    (listed.json.MigrationTaskSummaryList as { MigrationTaskName: string }[]).map((t) => t.MigrationTaskName),
  ).toEqual(['t1']);
});

test('ListMigrationTaskUpdates: the whole history, oldest first, out-of-order updates included', async () => {
  await stream();
  await task('vm-1');
  for (const at of [T0 + 2, T0, T0 + 1]) await notify('vm-1', at);
  const answer = await call('ListMigrationTaskUpdates', {
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'vm-1',
    MaxResults: 2,
  });
  const list = answer.json.MigrationTaskUpdateList as { UpdateDateTime: number; UpdateType: string }[];
  expect(list.map((update) => update.UpdateDateTime)).toEqual([T0, T0 + 1]);
  expect(list[0]?.UpdateType).toBe('MIGRATION_TASK_STATE_UPDATED');
  const rest = await call('ListMigrationTaskUpdates', {
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'vm-1',
    NextToken: answer.json.NextToken,
  });
  expect(
    (rest.json.MigrationTaskUpdateList as { UpdateDateTime: number }[]).map((u) => u.UpdateDateTime),
  ).toEqual([T0 + 2]);
  const missing = await call('ListMigrationTaskUpdates', {
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'x',
  });
  expect(errorOf(missing)).toEqual([400, 'ResourceNotFoundException']);
});

test('Associate, Disassociate and ListCreatedArtifacts', async () => {
  await stream();
  await task('vm-1');
  const target = { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' };
  for (const n of [1, 2]) {
    expect(
      (await call('AssociateCreatedArtifact', { ...target, CreatedArtifact: { Name: ARN(n) } })).status,
    ).toBe(200);
  }
  expect(
    errorOf(await call('AssociateCreatedArtifact', { ...target, CreatedArtifact: { Name: 'ami-1' } })),
  ).toEqual([400, 'InvalidInputException']);
  expect((await call('DisassociateCreatedArtifact', { ...target, CreatedArtifactName: ARN(1) })).status).toBe(
    200,
  );
  expect(
    errorOf(await call('DisassociateCreatedArtifact', { ...target, CreatedArtifactName: ARN(1) })),
  ).toEqual([400, 'ResourceNotFoundException']);
  expect((await call('ListCreatedArtifacts', target)).json).toEqual({
    CreatedArtifactList: [{ Name: ARN(2) }],
  });
});

test('DeleteProgressUpdateStream: the stream and its tasks refuse writes at once and leave the lists', async () => {
  await stream();
  await task('vm-1');
  expect(errorOf(await call('DeleteProgressUpdateStream', { ProgressUpdateStreamName: 'Nope' }))).toEqual([
    400,
    'ResourceNotFoundException',
  ]);
  expect((await call('DeleteProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' })).status).toBe(200);
  const refused = await notify('vm-1', T0);
  expect(errorOf(refused)).toEqual([400, 'InvalidInputException']);
  expect(refused.json.Message).toBe('Progress update stream Tool is being deleted.');
  expect((await call('ListProgressUpdateStreams', {})).json.ProgressUpdateStreamSummaryList).toEqual([]);
});

test('stream permissions: a reader may read but not write; DryRun tells which it would be', async () => {
  await stream('Locked');
  await task('vm-1', 'Locked');
  expect((await describe('vm-1', 'Locked')).status).toBe(200);
  expect(
    (
      await call(
        'DescribeMigrationTask',
        { ProgressUpdateStream: 'Locked', MigrationTaskName: 'vm-1' },
        AUDITOR,
      )
    ).status,
  ).toBe(200);
  const write = { ProgressUpdateStream: 'Locked', MigrationTaskName: 'vm-1' };
  expect(errorOf(await call('ImportMigrationTask', write, AUDITOR))).toEqual([400, 'AccessDeniedException']);
  expect(errorOf(await call('ImportMigrationTask', { ...write, DryRun: true }, AUDITOR))).toEqual([
    400,
    'UnauthorizedOperation',
  ]);
  // Another account has its own namespace: the stream `Tool` it asks for is its own, and does not exist.
  await stream('Tool');
  await task('vm-1', 'Tool');
  expect(
    errorOf(await call('DescribeMigrationTask', { ...write, ProgressUpdateStream: 'Tool' }, OTHER)),
  ).toEqual([400, 'ResourceNotFoundException']);
});
