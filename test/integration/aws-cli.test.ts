/**
 * The AWS CLI (botocore, as boto3 uses it) against the local endpoint, exactly as the README shows a new user:
 * the lifecycle with updates out of order, the list calls, errors as the CLI reports them, and deletion.
 */
import { AssociateDiscoveredResourceCommand } from '@aws-sdk/client-migration-hub';
import { awsMgh } from './support/aws-cli';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint({ deletionIntervalMs: 100, deletionGraceSeconds: 0 });
});

afterAll(async () => {
  await endpoint.close();
});

const aws = (...args: string[]) => awsMgh(endpoint.url, ...args);

test('the lifecycle: describe shows the update with the latest UpdateDateTime', async () => {
  const task = ['--progress-update-stream', 'CliTool', '--migration-task-name', 'vm-1'];
  await aws('create-progress-update-stream', '--progress-update-stream-name', 'CliTool');
  await aws('import-migration-task', ...task);
  const notify = (status: string, percent: number, at: string) =>
    aws(
      'notify-migration-task-state',
      ...task,
      '--task',
      `Status=${status},ProgressPercent=${percent}`,
      '--update-date-time',
      at,
      '--next-update-seconds',
      '60',
    );
  await notify('COMPLETED', 100, '2026-11-28T21:00:00Z');
  await notify('IN_PROGRESS', 40, '2026-11-28T20:00:00Z');

  expect(await aws('describe-migration-task', ...task)).toEqual({
    MigrationTask: {
      ProgressUpdateStream: 'CliTool',
      MigrationTaskName: 'vm-1',
      Task: { Status: 'COMPLETED', ProgressPercent: 100 },
      UpdateDateTime: Date.UTC(2026, 10, 28, 21) / 1000,
      ResourceAttributeList: [],
    },
  });
  const updates = await aws('list-migration-task-updates', ...task);
  expect(
    (updates.MigrationTaskUpdateList as { MigrationTaskState: object }[]).map((u) => u.MigrationTaskState),
  ).toEqual([
    { Status: 'IN_PROGRESS', ProgressPercent: 40 },
    { Status: 'COMPLETED', ProgressPercent: 100 },
  ]);
  await aws(
    'put-resource-attributes',
    ...task,
    '--resource-attribute-list',
    'Type=IPV4_ADDRESS,Value=10.9.8.7',
  );
  const found = await aws('list-migration-tasks', '--resource-name', '10.9.8.7');
  expect(found.MigrationTaskSummaryList).toEqual([
    expect.objectContaining({ MigrationTaskName: 'vm-1', Status: 'COMPLETED' }),
  ]);
});

test('errors reach the CLI with their modeled code and message', async () => {
  await expect(
    aws('describe-migration-task', '--progress-update-stream', 'CliTool', '--migration-task-name', 'nope'),
  ).rejects.toMatchObject({
    stderr: expect.stringContaining(
      '(ResourceNotFoundException) when calling the DescribeMigrationTask operation',
    ),
  });
  await expect(
    aws(
      'notify-migration-task-state',
      '--progress-update-stream',
      'CliTool',
      '--migration-task-name',
      'vm-1',
      '--task',
      'Status=DONE',
      '--update-date-time',
      '2026-11-28T20:00:00Z',
      '--next-update-seconds',
      '60',
    ),
  ).rejects.toMatchObject({
    stderr: expect.stringContaining(
      '(InvalidInputException) when calling the NotifyMigrationTaskState operation: Task.Status must be one of',
    ),
  });
});

test('a deleted stream disappears from the list', async () => {
  await aws('create-progress-update-stream', '--progress-update-stream-name', 'CliGone');
  await aws('delete-progress-update-stream', '--progress-update-stream-name', 'CliGone');
  const listed = await aws('list-progress-update-streams');
  expect(listed.ProgressUpdateStreamSummaryList).not.toContainEqual({ ProgressUpdateStreamName: 'CliGone' });
});

test('discovered and source resources: all six calls, the CLI walking their pages itself', async () => {
  const task = ['--progress-update-stream', 'CliTool', '--migration-task-name', 'vm-res'];
  await aws('create-progress-update-stream', '--progress-update-stream-name', 'CliTool');
  await aws('import-migration-task', ...task);
  const ids = Array.from({ length: 12 }, (_, n) => `d-server-${String(n).padStart(17, '0')}`);
  // Eleven through the JS SDK (a CLI process takes a second or two), one through the CLI.
  const client = endpoint.client();
  for (const ConfigurationId of ids.slice(1)) {
    await client.send(
      new AssociateDiscoveredResourceCommand({
        ProgressUpdateStream: 'CliTool',
        MigrationTaskName: 'vm-res',
        DiscoveredResource: { ConfigurationId },
      }),
    );
  }
  await aws(
    'associate-discovered-resource',
    ...task,
    '--discovered-resource',
    `ConfigurationId=${ids[0]},Description=web server`,
  );
  // Twelve, more than a page of ten: the CLI follows NextToken and prints them as one list (as it does below
  // for pages of one source resource, --page-size 1).
  const discovered = await aws('list-discovered-resources', ...task);
  const list = discovered.DiscoveredResourceList as { ConfigurationId: string; Description?: string }[];
  expect(list.map((resource) => resource.ConfigurationId).sort()).toEqual(ids);
  expect(list.find((resource) => resource.ConfigurationId === ids[0])?.Description).toBe('web server');
  const found = await aws('list-migration-tasks', '--resource-name', ids[3] ?? '');
  expect(found.MigrationTaskSummaryList).toEqual([
    expect.objectContaining({ ProgressUpdateStream: 'CliTool', MigrationTaskName: 'vm-res' }),
  ]);
  await aws('disassociate-discovered-resource', ...task, '--configuration-id', ids[3] ?? '');
  expect(
    (await aws('list-migration-tasks', '--resource-name', ids[3] ?? '')).MigrationTaskSummaryList,
  ).toEqual([]);
  await expect(
    aws('disassociate-discovered-resource', ...task, '--configuration-id', ids[3] ?? ''),
  ).rejects.toMatchObject({
    stderr: expect.stringContaining(
      '(ResourceNotFoundException) when calling the DisassociateDiscoveredResource operation: Discovered resource',
    ),
  });

  await aws(
    'associate-source-resource',
    ...task,
    '--source-resource',
    'Name=srv-01,Description=web tier,StatusDetail=replicating',
  );
  await aws('associate-source-resource', ...task, '--source-resource', 'Name=wave-1');
  expect(await aws('list-source-resources', ...task, '--page-size', '1')).toEqual({
    SourceResourceList: expect.arrayContaining([
      { Name: 'srv-01', Description: 'web tier', StatusDetail: 'replicating' },
      { Name: 'wave-1' },
    ]),
  });
  await aws('disassociate-source-resource', ...task, '--source-resource-name', 'wave-1');
  expect(await aws('list-source-resources', ...task)).toEqual({
    SourceResourceList: [{ Name: 'srv-01', Description: 'web tier', StatusDetail: 'replicating' }],
  });
  await expect(
    aws('list-source-resources', '--progress-update-stream', 'CliTool', '--migration-task-name', 'nope'),
  ).rejects.toMatchObject({
    stderr: expect.stringContaining(
      '(ResourceNotFoundException) when calling the ListSourceResources operation',
    ),
  });
}, 120_000);
