/**
 * Who may do what: every operation × three principals (a stream's writer, its reader, a principal of another
 * account) × DryRun, on a stream restricted by a permissions rule. Each denied cell asserts the error and that
 * the table did not change at all.
 */
import type { Principal } from '../../local/credentials';
import { callApi } from '../support/calls';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

const STREAM = 'Guarded';
const ARN = 'arn:aws:ec2:us-east-1:111122223333:instance/i-0guarded';
const target = { ProgressUpdateStream: STREAM, MigrationTaskName: 'vm-1' };

/** A valid body for each operation, naming the restricted stream. */
const WRITES: Record<string, object> = {
  CreateProgressUpdateStream: { ProgressUpdateStreamName: STREAM },
  DeleteProgressUpdateStream: { ProgressUpdateStreamName: STREAM },
  ImportMigrationTask: target,
  NotifyMigrationTaskState: {
    ...target,
    Task: { Status: 'IN_PROGRESS', ProgressPercent: 10 },
    UpdateDateTime: 1_795_899_000,
    NextUpdateSeconds: 60,
  },
  PutResourceAttributes: { ...target, ResourceAttributeList: [{ Type: 'VM_NAME', Value: 'guarded-1' }] },
  AssociateCreatedArtifact: { ...target, CreatedArtifact: { Name: ARN } },
  DisassociateCreatedArtifact: { ...target, CreatedArtifactName: ARN },
  AssociateDiscoveredResource: { ...target, DiscoveredResource: { ConfigurationId: 'd-server-guarded' } },
  DisassociateDiscoveredResource: { ...target, ConfigurationId: 'd-server-guarded' },
  AssociateSourceResource: { ...target, SourceResource: { Name: 'srv-guarded' } },
  DisassociateSourceResource: { ...target, SourceResourceName: 'srv-guarded' },
};
const READS: Record<string, object> = {
  DescribeMigrationTask: target,
  ListMigrationTaskUpdates: target,
  ListCreatedArtifacts: target,
  ListDiscoveredResources: target,
  ListSourceResources: target,
};

const call = (as: Principal, operation: string, body: object) => callApi(endpoint.url, operation, body, as);

beforeAll(async () => {
  endpoint = await startTestEndpoint({
    streamRules: [
      {
        stream: STREAM,
        writers: ['arn:aws:iam::111122223333:role/operator'],
        readers: ['arn:aws:iam::111122223333:user/*'],
      },
    ],
  });
  // The writer sets the stream up, with an artifact and resources to disassociate.
  for (const operation of [
    'CreateProgressUpdateStream',
    'ImportMigrationTask',
    'NotifyMigrationTaskState',
    'AssociateCreatedArtifact',
    'AssociateDiscoveredResource',
    'AssociateSourceResource',
  ]) {
    expect((await call(PRINCIPALS.operator, operation, WRITES[operation] ?? {})).status).toBe(200);
  }
});

afterAll(async () => {
  await endpoint.close();
});

const principals = [
  ['the writer (an assumed-role session of the role)', PRINCIPALS.operator, 'write'],
  ['a reader (an IAM user of the account)', PRINCIPALS.tool, 'read'],
  ['a principal of another account', PRINCIPALS.otherAccount, 'none'],
] as const;

describe.each(principals)('%s', (_name, principal, access) => {
  test.each(Object.keys(WRITES))('%s with DryRun', async (operation) => {
    const before = await endpoint.tableSnapshot();
    const response = await call(principal, operation, { ...WRITES[operation], DryRun: true });
    expect(response.json.__type).toBe(access === 'write' ? 'DryRunOperation' : 'UnauthorizedOperation');
    expect(await endpoint.tableSnapshot()).toBe(before);
  });

  test.each(Object.keys(READS))('%s', async (operation) => {
    const response = await call(principal, operation, READS[operation] ?? {});
    if (access === 'none') {
      expect(response.json.__type).toBe('AccessDeniedException');
    } else {
      expect(response.status).toBe(200);
    }
  });

  test('the account-wide lists show the stream only to those who may read it', async () => {
    const streams = await call(principal, 'ListProgressUpdateStreams', {});
    const tasks = await call(principal, 'ListMigrationTasks', {});
    expect(streams.status).toBe(200);
    const listed = (
      streams.json.ProgressUpdateStreamSummaryList as { ProgressUpdateStreamName: string }[]
    ).map((s) => s.ProgressUpdateStreamName);
    const listedTasks = (tasks.json.MigrationTaskSummaryList as { ProgressUpdateStream: string }[]).map(
      (t) => t.ProgressUpdateStream,
    );
    if (access === 'none') {
      expect(listed).toEqual([]);
      expect(listedTasks).toEqual([]);
    } else {
      expect(listed).toEqual([STREAM]);
      expect(listedTasks).toEqual([STREAM]);
    }
  });
});

describe.each(principals.filter(([, , access]) => access !== 'write'))(
  '%s, without DryRun',
  (_name, principal) => {
    test.each(Object.keys(WRITES))('%s is AccessDeniedException and writes nothing', async (operation) => {
      const before = await endpoint.tableSnapshot();
      const response = await call(principal, operation, WRITES[operation] ?? {});
      expect(response.status).toBe(400);
      expect(response.json.__type).toBe('AccessDeniedException');
      expect(await endpoint.tableSnapshot()).toBe(before);
    });
  },
);

test('the writer may make every write for real', async () => {
  for (const operation of [
    'CreateProgressUpdateStream',
    'ImportMigrationTask',
    'NotifyMigrationTaskState',
    'PutResourceAttributes',
    'AssociateCreatedArtifact',
    'DisassociateCreatedArtifact',
    'AssociateDiscoveredResource',
    'DisassociateDiscoveredResource',
    'AssociateSourceResource',
    'DisassociateSourceResource',
    'DeleteProgressUpdateStream',
  ]) {
    const response = await call(PRINCIPALS.operator, operation, WRITES[operation] ?? {});
    expect({ operation, status: response.status }).toEqual({ operation, status: 200 });
  }
});

test('nothing logged carries the Authorization header, a signature or a secret', () => {
  const logged = JSON.stringify(endpoint.logger.entries);
  expect(endpoint.logger.entries.length).toBeGreaterThan(50);
  for (const secret of [
    'Authorization',
    'authorization',
    'AWS4-HMAC-SHA256',
    'Signature=',
    ...Object.values(PRINCIPALS).map((principal) => principal.secretAccessKey),
  ]) {
    expect(logged).not.toContain(secret);
  }
});

test('names with look-alike separators stay inside their own account and stream', async () => {
  // `|` is refused by validation; characters that resemble it, or encode it, are ordinary characters.
  const lookAlikes = ['A｜B', 'A%7CB', 'A\\B', `${PRINCIPALS.tool.accountId}`, 'A#B'];
  for (const stream of lookAlikes) {
    expect(
      (
        await call(PRINCIPALS.otherAccount, 'CreateProgressUpdateStream', {
          ProgressUpdateStreamName: stream,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(PRINCIPALS.otherAccount, 'ImportMigrationTask', {
          ProgressUpdateStream: stream,
          MigrationTaskName: 'x',
        })
      ).status,
    ).toBe(200);
    const fromA = await call(PRINCIPALS.tool, 'DescribeMigrationTask', {
      ProgressUpdateStream: stream,
      MigrationTaskName: 'x',
    });
    expect(fromA.json.__type).toBe('ResourceNotFoundException');
  }
  const listedByA = await call(PRINCIPALS.tool, 'ListProgressUpdateStreams', {});
  expect(listedByA.json.ProgressUpdateStreamSummaryList).toEqual([]);
});

test('migrationhub-config: every principal may call it, whatever the stream rules; each sees its own account', async () => {
  const before = await endpoint.tableSnapshot();
  const config = (as: Principal, operation: string, body: object) =>
    call(as, `AWSMigrationHubMultiAccountService.${operation}`, body);
  for (const [name, principal] of principals) {
    const control = {
      ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
      HomeRegion: 'us-east-1',
      Target: { Type: 'ACCOUNT', Id: principal.accountId },
    };
    const create = { HomeRegion: 'us-east-1', Target: { Type: 'ACCOUNT' } };
    const answers = {
      name,
      get: (await config(principal, 'GetHomeRegion', {})).json,
      describe: (await config(principal, 'DescribeHomeRegionControls', {})).json,
      dryRun: (await config(principal, 'CreateHomeRegionControl', { ...create, DryRun: true })).json.__type,
      create: (await config(principal, 'CreateHomeRegionControl', create)).json,
    };
    expect(answers).toEqual({
      name,
      get: { HomeRegion: 'us-east-1' },
      describe: { HomeRegionControls: [control] },
      dryRun: 'DryRunOperation',
      create: { HomeRegionControl: control },
    });
  }
  expect(await endpoint.tableSnapshot()).toBe(before);
});

describe("application states: the account's, no stream's", () => {
  const APP = { ApplicationId: 'guarded-app', Status: 'IN_PROGRESS', UpdateDateTime: 1_795_899_000 };

  test.each(principals)(
    "%s may notify (DryRun first) and read its own account's",
    async (_name, principal) => {
      const before = await endpoint.tableSnapshot();
      const dry = await call(principal, 'NotifyApplicationState', { ...APP, DryRun: true });
      expect(dry.json.__type).toBe('DryRunOperation');
      expect(await endpoint.tableSnapshot()).toBe(before);
      expect((await call(principal, 'NotifyApplicationState', APP)).status).toBe(200);
      const described = await call(principal, 'DescribeApplicationState', {
        ApplicationId: APP.ApplicationId,
      });
      expect(described.json).toEqual({
        ApplicationStatus: 'IN_PROGRESS',
        LastUpdatedTime: APP.UpdateDateTime,
      });
      const listed = await call(principal, 'ListApplicationStates', {});
      expect(listed.json.ApplicationStateList).toContainEqual({
        ApplicationId: APP.ApplicationId,
        ApplicationStatus: 'IN_PROGRESS',
        LastUpdatedTime: APP.UpdateDateTime,
      });
    },
  );

  test("account isolation: B never sees, lists or changes A's application states", async () => {
    const [a, b] = [PRINCIPALS.tool, PRINCIPALS.otherAccount];
    const only = { ApplicationId: 'only-in-a', Status: 'COMPLETED', UpdateDateTime: 1_795_899_500 };
    expect((await call(a, 'NotifyApplicationState', only)).status).toBe(200);
    const described = await call(b, 'DescribeApplicationState', { ApplicationId: only.ApplicationId });
    expect(described.json.__type).toBe('ResourceNotFoundException');
    const named = await call(b, 'ListApplicationStates', { ApplicationIds: [only.ApplicationId] });
    expect(named.json).toEqual({ ApplicationStateList: [] });
    const listedByB = await call(b, 'ListApplicationStates', {});
    const idsOfB = (listedByB.json.ApplicationStateList as { ApplicationId: string }[]).map(
      (s) => s.ApplicationId,
    );
    expect(idsOfB).not.toContain(only.ApplicationId);
    // A newer state from B under the same id is B's own; A's stays as it was.
    expect(
      (
        await call(b, 'NotifyApplicationState', {
          ...only,
          Status: 'NOT_STARTED',
          UpdateDateTime: 1_795_899_900,
        })
      ).status,
    ).toBe(200);
    expect((await call(a, 'DescribeApplicationState', { ApplicationId: only.ApplicationId })).json).toEqual({
      ApplicationStatus: 'COMPLETED',
      LastUpdatedTime: only.UpdateDateTime,
    });
    // A token A was given is no token for B.
    const page = await call(a, 'ListApplicationStates', { MaxResults: 1 });
    expect(page.json.NextToken).toEqual(expect.any(String));
    const replayed = await call(b, 'ListApplicationStates', {
      MaxResults: 1,
      NextToken: page.json.NextToken,
    });
    expect(replayed.json.__type).toBe('InvalidInputException');
  });
});
