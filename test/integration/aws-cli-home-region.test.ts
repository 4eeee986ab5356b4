/**
 * migrationhub-config with unmodified boto3 and the AWS CLI against the local endpoint, as a migration tool
 * written in Python or a person at a shell sets a home region: on an endpoint with none configured, writes
 * answer HomeRegionNotSetException until a control is created, then answer in its region only; the control
 * outlives a restart on the same data; once deleted, writes need a home region again.
 * Runs where `aws` and python3 with boto3 exist (jest.config.js), on dynalite only: this is client interop
 * (test/integration/home-region-control.test.ts runs the same with the JS client on both engines).
 */
import { DEFAULT_PRINCIPAL } from '../../local/credentials';
import { cliEnvironment, runToEnd } from './support/aws-cli';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

const endpoints: TestEndpoint[] = [];

afterAll(async () => {
  // Reversed: a restarted endpoint closes before the one whose data folder it used.
  for (const endpoint of endpoints.reverse()) await endpoint.close();
});

async function unsetEndpoint(): Promise<TestEndpoint> {
  const endpoint = await startTestEndpoint({ homeRegion: undefined });
  endpoints.push(endpoint);
  return endpoint;
}

/** Stops the endpoint and starts another on its data, as `npm start` run again on the same MGH_DATA_DIR. */
async function restarted(endpoint: TestEndpoint): Promise<TestEndpoint> {
  await endpoint.local.close();
  const again = await startTestEndpoint({
    homeRegion: undefined,
    dataDir: endpoint.dataDir,
    tableName: endpoint.local.engine.tableName,
  });
  endpoints.push(again);
  return again;
}

const ENVIRONMENT = cliEnvironment({ AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' });

const run = (command: string, args: readonly string[]) => runToEnd(command, args, { env: ENVIRONMENT });

/** One call's outcome, as the test compares them: the answer without its metadata, or the error's code. */
type Outcome = Record<string, unknown> | { Error: string; Message: string };

/**
 * Calls through boto3, one client per service and region: each step is `[service, region, method, params]`.
 * Errors are caught per call, so one run shows a whole sequence.
 */
const BOTO3_PROGRAM = `
import json, sys
import boto3
from botocore.exceptions import ClientError

endpoint_url, steps = sys.argv[1], json.loads(sys.argv[2])
outcomes = []
for service, region, method, params in steps:
    client = boto3.client(service, endpoint_url=endpoint_url, region_name=region)
    try:
        answer = getattr(client, method)(**params)
        answer.pop('ResponseMetadata', None)
        outcomes.append(answer)
    except ClientError as error:
        outcomes.append({'Error': error.response['Error']['Code'], 'Message': error.response['Error']['Message']})
print(json.dumps(outcomes, default=lambda value: value.timestamp()))
`;

type Step = [service: 'mgh' | 'migrationhub-config', region: string, method: string, params: object];

async function boto3(endpoint: TestEndpoint, steps: Step[]): Promise<Outcome[]> {
  const finished = await run('python3', ['-c', BOTO3_PROGRAM, endpoint.url, JSON.stringify(steps)]);
  if (finished.code !== 0) throw new Error(`boto3 program failed (${finished.code}):\n${finished.stderr}`);
  return JSON.parse(finished.stdout) as Outcome[];
}

const createStream = (region: string, name: string): Step => [
  'mgh',
  region,
  'create_progress_update_stream',
  { ProgressUpdateStreamName: name },
];

test('boto3: GetHomeRegion, then a control set, used, kept across a restart and deleted', async () => {
  const endpoint = await unsetEndpoint();
  const before = Math.floor(Date.now() / 1000);
  const [notSet, none, created, got, written, elsewhere] = await boto3(endpoint, [
    createStream('eu-west-1', 'Boto3Tool'),
    ['migrationhub-config', 'eu-west-1', 'get_home_region', {}],
    [
      'migrationhub-config',
      'eu-west-1',
      'create_home_region_control',
      { HomeRegion: 'eu-west-1', Target: { Type: 'ACCOUNT' } },
    ],
    ['migrationhub-config', 'us-east-1', 'get_home_region', {}],
    createStream('eu-west-1', 'Boto3Tool'),
    createStream('us-east-1', 'Boto3Elsewhere'),
  ]);
  expect(notSet).toMatchObject({ Error: 'HomeRegionNotSetException' });
  expect(none).toEqual({});
  const control = (created as { HomeRegionControl: Record<string, unknown> }).HomeRegionControl;
  expect(control).toEqual({
    ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
    HomeRegion: 'eu-west-1',
    Target: { Type: 'ACCOUNT', Id: DEFAULT_PRINCIPAL.accountId },
    RequestedTime: expect.any(Number),
  });
  expect(control.RequestedTime).toBeGreaterThanOrEqual(before);
  expect(got).toEqual({ HomeRegion: 'eu-west-1' });
  expect(written).toEqual({});
  expect(elsewhere).toMatchObject({
    Error: 'InvalidInputException',
    Message: expect.stringContaining('the Migration Hub home region is eu-west-1'),
  });

  const again = await restarted(endpoint);
  const [stillSet, described, listed, deleted, afterDelete, listedAfter] = await boto3(again, [
    ['migrationhub-config', 'us-east-1', 'get_home_region', {}],
    ['migrationhub-config', 'us-east-1', 'describe_home_region_controls', { MaxResults: 10 }],
    ['mgh', 'us-east-1', 'list_progress_update_streams', {}],
    ['migrationhub-config', 'us-east-1', 'delete_home_region_control', { ControlId: control.ControlId }],
    createStream('eu-west-1', 'Boto3Late'),
    ['mgh', 'eu-west-1', 'list_progress_update_streams', {}],
  ]);
  expect(stillSet).toEqual({ HomeRegion: 'eu-west-1' });
  expect(described).toEqual({ HomeRegionControls: [control] });
  expect(listed).toEqual({ ProgressUpdateStreamSummaryList: [{ ProgressUpdateStreamName: 'Boto3Tool' }] });
  expect(deleted).toEqual({});
  // With no home region, writes and (as their model says) reads answer HomeRegionNotSetException; the data stays.
  expect(afterDelete).toMatchObject({ Error: 'HomeRegionNotSetException' });
  expect(listedAfter).toMatchObject({ Error: 'HomeRegionNotSetException' });
  expect(await again.streamItem('Boto3Tool')).toMatchObject({ state: 'ACTIVE' });
}, 120_000);

/** `aws SERVICE ...` against `endpoint` in `region`: the parsed JSON output, or the error the CLI printed. */
async function aws(endpoint: TestEndpoint, region: string, ...args: string[]): Promise<Outcome> {
  const finished = await run('aws', [
    ...args,
    '--endpoint-url',
    endpoint.url,
    '--region',
    region,
    '--output',
    'json',
  ]);
  if (finished.code === 0) return finished.stdout.trim() ? JSON.parse(finished.stdout) : {};
  const error = /An error occurred \((\w+)\) when calling the \w+ operation: (.*)/.exec(finished.stderr);
  return { Error: error?.[1] ?? finished.stderr, Message: error?.[2] ?? '' };
}

test('the AWS CLI: aws migrationhub-config get-home-region, create, describe and delete', async () => {
  const endpoint = await unsetEndpoint();
  const stream = (region: string, name: string) =>
    aws(endpoint, region, 'mgh', 'create-progress-update-stream', '--progress-update-stream-name', name);

  expect(await aws(endpoint, 'us-east-1', 'migrationhub-config', 'get-home-region')).toEqual({});
  expect(await stream('us-west-2', 'CliTool')).toMatchObject({
    Error: 'HomeRegionNotSetException',
    Message: expect.stringContaining(
      'aws migrationhub-config create-home-region-control --home-region REGION --target Type=ACCOUNT',
    ),
  });
  const created = await aws(
    endpoint,
    'us-west-2',
    'migrationhub-config',
    'create-home-region-control',
    '--home-region',
    'us-west-2',
    '--target',
    'Type=ACCOUNT',
  );
  const control = (created as { HomeRegionControl: Record<string, unknown> }).HomeRegionControl;
  expect(control).toMatchObject({
    ControlId: expect.stringMatching(/^hrc-[a-z0-9]{12}$/),
    HomeRegion: 'us-west-2',
    Target: { Type: 'ACCOUNT', Id: DEFAULT_PRINCIPAL.accountId },
  });
  expect(control.RequestedTime).toBeDefined();
  expect(await aws(endpoint, 'us-east-1', 'migrationhub-config', 'get-home-region')).toEqual({
    HomeRegion: 'us-west-2',
  });
  expect(await stream('us-west-2', 'CliTool')).toEqual({});
  expect(await stream('us-east-1', 'CliElsewhere')).toMatchObject({
    Error: 'InvalidInputException',
    Message: expect.stringContaining('the Migration Hub home region is us-west-2'),
  });

  const again = await restarted(endpoint);
  expect(await aws(again, 'us-east-1', 'migrationhub-config', 'get-home-region')).toEqual({
    HomeRegion: 'us-west-2',
  });
  expect(
    await aws(
      again,
      'us-east-1',
      'migrationhub-config',
      'describe-home-region-controls',
      '--control-id',
      String(control.ControlId),
    ),
  ).toEqual({ HomeRegionControls: [control] });
  expect(
    await aws(
      again,
      'us-east-1',
      'migrationhub-config',
      'delete-home-region-control',
      '--control-id',
      String(control.ControlId),
    ),
  ).toEqual({});
  expect(
    await aws(
      again,
      'us-west-2',
      'mgh',
      'create-progress-update-stream',
      '--progress-update-stream-name',
      'Late',
    ),
  ).toMatchObject({ Error: 'HomeRegionNotSetException' });
  expect(await aws(again, 'us-east-1', 'migrationhub-config', 'get-home-region')).toEqual({});
}, 120_000);
