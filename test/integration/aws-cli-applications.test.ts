/**
 * Application states from the AWS CLI (`aws mgh`) and from unmodified boto3 against the local endpoint: the
 * calls a migration tool written in Python or a shell script makes. Runs where `aws` and python3 with boto3
 * exist (jest.config.js), on dynalite only: this is client interop.
 */
import { awsMgh, cliEnvironment, execFileAsync } from './support/aws-cli';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;
/** Each `aws` run starts Python and loads botocore: about two seconds, more on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 90_000;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

const aws = (...args: string[]) => awsMgh(endpoint.url, ...args);

test(
  'aws mgh: notify out of order, describe the newest, list with and without ids, page by page',
  async () => {
    await aws(
      'notify-application-state',
      '--application-id',
      'cli-app',
      '--status',
      'COMPLETED',
      '--update-date-time',
      '2026-11-29T12:00:00Z',
    );
    await aws(
      'notify-application-state',
      '--application-id',
      'cli-app',
      '--status',
      'IN_PROGRESS',
      '--update-date-time',
      '2026-11-29T11:00:00Z',
    );
    await aws(
      'notify-application-state',
      '--application-id',
      'cli-other',
      '--status',
      'NOT_STARTED',
      '--update-date-time',
      '2026-11-29T10:00:00Z',
    );
    expect(await aws('describe-application-state', '--application-id', 'cli-app')).toEqual({
      ApplicationStatus: 'COMPLETED',
      LastUpdatedTime: Date.UTC(2026, 10, 29, 12) / 1000,
    });
    const named = await aws('list-application-states', '--application-ids', 'cli-other', 'never-notified');
    expect(named).toEqual({
      ApplicationStateList: [
        {
          ApplicationId: 'cli-other',
          ApplicationStatus: 'NOT_STARTED',
          LastUpdatedTime: Date.UTC(2026, 10, 29, 10) / 1000,
        },
      ],
    });
    // The CLI follows NextToken itself: pages of one still give the whole list, once each.
    const all = await aws('list-application-states', '--page-size', '1');
    expect(
      (all.ApplicationStateList as { ApplicationId: string }[]).map((state) => state.ApplicationId).sort(),
    ).toEqual(['cli-app', 'cli-other']);
    const first = await aws('list-application-states', '--max-items', '1');
    expect(first.ApplicationStateList).toHaveLength(1);
    expect(first.NextToken).toEqual(expect.any(String));
  },
  CLI_TEST_TIMEOUT_MS,
);

test(
  'aws mgh: errors with their modeled codes, and DryRun',
  async () => {
    await expect(aws('describe-application-state', '--application-id', 'cli-missing')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '(ResourceNotFoundException) when calling the DescribeApplicationState operation: Application cli-missing has no migration state.',
      ),
    });
    await expect(
      aws('notify-application-state', '--application-id', 'cli-app', '--status', 'FAILED'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '(InvalidInputException) when calling the NotifyApplicationState operation: Status must be one of NOT_STARTED, IN_PROGRESS, COMPLETED',
      ),
    });
    await expect(
      aws('notify-application-state', '--application-id', 'cli-dry', '--status', 'COMPLETED', '--dry-run'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('(DryRunOperation)') });
    await expect(aws('describe-application-state', '--application-id', 'cli-dry')).rejects.toMatchObject({
      stderr: expect.stringContaining('ResourceNotFoundException'),
    });
  },
  CLI_TEST_TIMEOUT_MS,
);

const BOTO3_PROGRAM = `
import datetime, json, sys
import boto3
from botocore.exceptions import ClientError

mgh = boto3.client('mgh', endpoint_url=sys.argv[1])
at = lambda hour: datetime.datetime(2026, 11, 29, hour, tzinfo=datetime.timezone.utc)
mgh.notify_application_state(ApplicationId='py-app', Status='IN_PROGRESS', UpdateDateTime=at(9))
mgh.notify_application_state(ApplicationId='py-app', Status='NOT_STARTED', UpdateDateTime=at(8))
for n in range(5):
    mgh.notify_application_state(ApplicationId='py-%d' % n, Status='COMPLETED')
described = mgh.describe_application_state(ApplicationId='py-app')
pages = [
    [s['ApplicationId'] for s in page['ApplicationStateList']]
    for page in mgh.get_paginator('list_application_states').paginate(PaginationConfig={'PageSize': 2})
]
named = mgh.list_application_states(ApplicationIds=['py-3', 'py-app', 'nobody'])['ApplicationStateList']
try:
    mgh.describe_application_state(ApplicationId='nobody')
    missing = None
except ClientError as error:
    missing = error.response['Error']['Code']
print(json.dumps({
    'status': described['ApplicationStatus'],
    'time': described['LastUpdatedTime'].isoformat(),
    'pages': pages,
    'named': sorted(s['ApplicationId'] for s in named),
    'missing': missing,
}))
`;

test('boto3: notify, describe, the paginator over every state, a named list, and the error code', async () => {
  const { stdout } = await execFileAsync('python3', ['-c', BOTO3_PROGRAM, endpoint.url], {
    env: cliEnvironment(),
  });
  const result = JSON.parse(stdout) as {
    status: string;
    time: string;
    pages: string[][];
    named: string[];
    missing: string;
  };
  expect(result.status).toBe('IN_PROGRESS');
  expect(new Date(result.time).getTime()).toBe(Date.UTC(2026, 10, 29, 9));
  const listed = result.pages.flat();
  expect(result.pages.every((page) => page.length <= 2)).toBe(true);
  expect(new Set(listed).size).toBe(listed.length);
  expect(listed).toEqual(expect.arrayContaining(['py-app', 'py-0', 'py-1', 'py-2', 'py-3', 'py-4']));
  expect(result.named).toEqual(['py-3', 'py-app']);
  expect(result.missing).toBe('ResourceNotFoundException');
});
