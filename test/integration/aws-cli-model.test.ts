/**
 * The AWS CLI and unmodified boto3 against the local endpoint, as a user of a deployed stack runs them:
 * `npm run install-cli-model` makes both sign Migration Hub calls for `execute-api` (and `-- --uninstall` puts
 * them back), and the AWS_ENDPOINT_URL_* variables lead them to the endpoint with no code or flag. Each process
 * runs with a throwaway HOME and AWS config, the documented example keys, and a proxy that refuses everything but
 * loopback, so the user's own ~/.aws never matters and nothing can reach AWS.
 * Runs where `aws` and python3 with boto3 exist (jest.config.js), on dynalite only: this is client interop.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLI_MODELS,
  installCliModels,
  MARKER_FILE,
  modelPath,
  modelsDirectory,
  officialModel,
  uninstallCliModels,
} from '../../clients/aws-cli-model';
import { cliEnvironment, runToEnd } from './support/aws-cli';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';
import { freePort } from './support/free-port';

const ROOT = join(__dirname, '..', '..');
let endpoint: TestEndpoint;
/** Where a request that is not for loopback goes: a port nothing listens on. */
let deadProxy: string;
const homes: string[] = [];

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  deadProxy = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
  await endpoint.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A new HOME with an (empty) AWS config of its own. */
function throwawayHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'mgh-cli-home-'));
  homes.push(home);
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '');
  writeFileSync(join(home, '.aws', 'credentials'), '');
  return home;
}

function environment(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cliEnvironment({
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    // Everything but loopback goes to a proxy that is not there.
    HTTP_PROXY: deadProxy,
    HTTPS_PROXY: deadProxy,
    http_proxy: deadProxy,
    https_proxy: deadProxy,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    npm_config_update_notifier: 'false',
    ...extra,
  });
}

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv) =>
  runToEnd(command, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });

const installScript = (home: string, ...args: string[]) =>
  run('npm', ['run', '--silent', 'install-cli-model', '--', ...args], environment(home));

const aws = (env: NodeJS.ProcessEnv, ...args: string[]) => run('aws', [...args, '--output', 'json'], env);
/** `aws mgh ...` against the test endpoint, with `--debug` to show what each request was signed for. */
const mghDebug = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  aws(env, 'mgh', ...args, '--endpoint-url', endpoint.url, '--debug');

/** What each request the CLI's `--debug` output shows was signed for (its credential scope's service). */
function signedFor(debugOutput: string): string[] {
  const scope = /Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/([\w-]+)\/aws4_request/g;
  return [...debugOutput.matchAll(scope)].map((match) => match[1] ?? '');
}

/**
 * Unmodified boto3: creates a stream and lists the streams through `boto3.client('mgh')`, then asks
 * `boto3.client('migrationhub-config')` for the home region. A `before-send` hook only reads what each signed
 * request is signed for.
 */
const BOTO3_PROGRAM = `
import json, re, sys
import boto3
from botocore.exceptions import ClientError

endpoint_url, stream = sys.argv[1], sys.argv[2]
signed = []

def observe(request, **kwargs):
    auth = request.headers.get('Authorization', b'')
    auth = auth.decode() if isinstance(auth, bytes) else auth
    match = re.search(r'Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request', auth)
    signed.append(match.group(1) if match else None)

def client(name):
    c = boto3.client(name, endpoint_url=endpoint_url) if endpoint_url else boto3.client(name)
    c.meta.events.register('before-send', observe)
    return c

mgh = client('mgh')
mgh.create_progress_update_stream(ProgressUpdateStreamName=stream)
listed = mgh.list_progress_update_streams()['ProgressUpdateStreamSummaryList']
try:
    answer = client('migrationhub-config').get_home_region()
    config = {'HomeRegion': answer.get('HomeRegion'), 'RequestId': answer['ResponseMetadata']['RequestId']}
except ClientError as error:
    config = {'Error': error.response['Error'], 'RequestId': error.response['ResponseMetadata'].get('RequestId')}
print(json.dumps({'streams': [s['ProgressUpdateStreamName'] for s in listed], 'config': config, 'signed': signed}))
`;

interface Boto3Result {
  streams: string[];
  config: { HomeRegion?: string; Error?: { Code: string; Message: string }; RequestId?: string };
  signed: (string | null)[];
}

async function boto3(env: NodeJS.ProcessEnv, endpointUrl: string, stream: string): Promise<Boto3Result> {
  const finished = await run('python3', ['-c', BOTO3_PROGRAM, endpointUrl, stream], env);
  if (finished.code !== 0) throw new Error(`boto3 program failed (${finished.code}):\n${finished.stderr}`);
  return JSON.parse(finished.stdout);
}

/** Request ids the test endpoint logged: an answer carrying one of them came from it, not from AWS. */
function answeredHere(requestId: string | undefined): boolean {
  return endpoint.logger.entries.some(
    (entry) =>
      entry.message === 'request' && requestId !== undefined && entry.fields?.requestId === requestId,
  );
}

/** GetHomeRegion answers the test endpoint's home region, and the answer is the test endpoint's own. */
function expectHomeRegionAnswerFromEndpoint(answer: Boto3Result['config']): void {
  expect(answeredHere(answer.RequestId)).toBe(true);
  expect(answer).toEqual({ HomeRegion: 'us-east-1', RequestId: expect.any(String) });
}

function officialWithSigningName(model: (typeof CLI_MODELS)[number]): unknown {
  const official = JSON.parse(officialModel(model));
  return { ...official, metadata: { ...official.metadata, signingName: 'execute-api' } };
}

test('installed, the CLI and boto3 sign Migration Hub calls for execute-api; uninstalled, for mgh again', async () => {
  const home = throwawayHome();
  const env = environment(home);

  const installed = await installScript(home);
  expect(installed).toMatchObject({ code: 0 });
  for (const model of CLI_MODELS) {
    expect(installed.stdout).toContain(`installed: ${modelPath(home, model)}`);
    expect(JSON.parse(readFileSync(modelPath(home, model), 'utf8'))).toEqual(officialWithSigningName(model));
  }
  expect(installed.stderr).toMatch(
    /Warning: while installed, the AWS CLI and boto3 sign ALL Migration Hub calls .*execute-api.*--uninstall/,
  );
  // Twice is fine.
  const again = await installScript(home);
  expect(again).toMatchObject({ code: 0 });
  expect(again.stdout.match(/already installed: /g)).toHaveLength(2);

  const cli = await mghDebug(
    env,
    'create-progress-update-stream',
    '--progress-update-stream-name',
    'ModelCli',
  );
  expect(cli.code).toBe(0);
  expect(signedFor(cli.stderr)).toEqual(['execute-api']);

  const python = await boto3(env, endpoint.url, 'ModelBoto3');
  expect(python.signed).toEqual(['execute-api', 'execute-api', 'execute-api']);
  expect(python.streams).toEqual(expect.arrayContaining(['ModelBoto3', 'ModelCli']));
  expectHomeRegionAnswerFromEndpoint(python.config);

  const uninstalled = await installScript(home, '--uninstall');
  expect(uninstalled).toMatchObject({ code: 0 });
  for (const model of CLI_MODELS) {
    expect(uninstalled.stdout).toContain(`removed: ${modelPath(home, model)}`);
  }
  // The folders it created are gone; the .aws folder it found stays, with the user's config.
  expect(existsSync(modelsDirectory(home))).toBe(false);
  expect(existsSync(join(home, '.aws', 'config'))).toBe(true);

  const after = await mghDebug(env, 'list-progress-update-streams');
  expect(after.code).toBe(0);
  expect(signedFor(after.stderr)).toEqual(['mgh']);
  expect(JSON.parse(after.stdout).ProgressUpdateStreamSummaryList).toEqual([
    { ProgressUpdateStreamName: 'ModelBoto3' },
    { ProgressUpdateStreamName: 'ModelCli' },
  ]);
});

test('it never overwrites or removes a model file it did not write', async () => {
  const home = throwawayHome();
  const [mgh, config] = CLI_MODELS;
  if (!mgh || !config) throw new Error('two models expected');
  // As `aws configure add-model` would leave it.
  const foreign = modelPath(home, config);
  mkdirSync(join(foreign, '..'), { recursive: true });
  writeFileSync(foreign, officialModel(config));

  const refused = await installScript(home);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    `Refusing to overwrite ${foreign}: npm run install-cli-model did not write it`,
  );
  expect(existsSync(modelPath(home, mgh))).toBe(false);
  const uninstalled = await installScript(home, '--uninstall');
  expect(uninstalled).toMatchObject({ code: 0 });
  expect(uninstalled.stdout).toContain(`left ${foreign}: npm run install-cli-model did not write it`);
  expect(readFileSync(foreign, 'utf8')).toBe(officialModel(config));

  // Installed, then changed by someone else, or with a file of someone else's beside it: both stay.
  rmSync(foreign);
  installCliModels(home);
  writeFileSync(foreign, 'edited by hand\n');
  const beside = join(modelPath(home, mgh), '..', 'paginators-1.json');
  writeFileSync(beside, '{}\n');
  expect(() => installCliModels(home)).toThrow(`Refusing to overwrite ${foreign}`);
  expect(uninstallCliModels(home)).toEqual([
    `removed: ${modelPath(home, mgh)}`,
    `left ${foreign}: it changed since npm run install-cli-model wrote it`,
  ]);
  expect(readFileSync(foreign, 'utf8')).toBe('edited by hand\n');
  expect(readFileSync(beside, 'utf8')).toBe('{}\n');
  expect(existsSync(join(modelPath(home, mgh), '..', MARKER_FILE))).toBe(false);
  expect(existsSync(join(foreign, '..', MARKER_FILE))).toBe(false);

  // A folder that was there before, even empty, stays; the ones it created go.
  const other = throwawayHome();
  mkdirSync(modelsDirectory(other));
  installCliModels(other);
  uninstallCliModels(other);
  expect(readdirSync(modelsDirectory(other))).toEqual([]);
});

test('AWS_ENDPOINT_URL_MIGRATION_HUB and AWS_ENDPOINT_URL_MIGRATIONHUB_CONFIG lead the CLI and boto3 here', async () => {
  const env = environment(throwawayHome(), {
    AWS_ENDPOINT_URL_MIGRATION_HUB: endpoint.url,
    AWS_ENDPOINT_URL_MIGRATIONHUB_CONFIG: endpoint.url,
  });

  const python = await boto3(env, '', 'EnvBoto3');
  expect(python.streams).toContain('EnvBoto3');
  // No model installed: signed as botocore always does.
  expect(python.signed).toEqual(['mgh', 'mgh', 'mgh']);
  expectHomeRegionAnswerFromEndpoint(python.config);

  const [listed, homeRegion] = await Promise.all([
    aws(env, 'mgh', 'list-progress-update-streams'),
    aws(env, 'migrationhub-config', 'get-home-region', '--debug'),
  ]);
  expect(listed.code).toBe(0);
  expect(JSON.parse(listed.stdout).ProgressUpdateStreamSummaryList).toContainEqual({
    ProgressUpdateStreamName: 'EnvBoto3',
  });
  const requestId = /'x-amzn-RequestId': '([^']+)'/.exec(homeRegion.stderr)?.[1];
  const error = /An error occurred \((\w+)\) when calling the GetHomeRegion operation: (.*)/.exec(
    homeRegion.stderr,
  );
  expectHomeRegionAnswerFromEndpoint(
    homeRegion.code === 0
      ? { ...JSON.parse(homeRegion.stdout), RequestId: requestId }
      : { Error: { Code: error?.[1] ?? homeRegion.stderr, Message: error?.[2] ?? '' }, RequestId: requestId },
  );
});

/**
 * Unmodified boto3 making all six discovered- and source-resource calls, walking both lists with botocore's own
 * paginators, and finding the task by a discovered id.
 */
const BOTO3_RESOURCES_PROGRAM = `
import json, sys
import boto3
from botocore.exceptions import ClientError

mgh = boto3.client('mgh', endpoint_url=sys.argv[1])
task = {'ProgressUpdateStream': 'Boto3Res', 'MigrationTaskName': 'vm-1'}
mgh.create_progress_update_stream(ProgressUpdateStreamName='Boto3Res')
mgh.import_migration_task(**task)
for n in range(12):
    mgh.associate_discovered_resource(**task, DiscoveredResource={'ConfigurationId': 'd-server-%02d' % n})
mgh.associate_discovered_resource(**task, DiscoveredResource={'ConfigurationId': 'd-server-00', 'Description': 'db'})
for name in ['srv-01', 'Wave 1\\nweb tier', 'app-billing']:
    mgh.associate_source_resource(**task, SourceResource={'Name': name, 'StatusDetail': 'planned'})

def walk(operation, key):
    pages = mgh.get_paginator(operation).paginate(**task, PaginationConfig={'PageSize': 5})
    return [item for page in pages for item in page[key]]

discovered = walk('list_discovered_resources', 'DiscoveredResourceList')
found = mgh.list_migration_tasks(ResourceName='d-server-07')['MigrationTaskSummaryList']
mgh.disassociate_discovered_resource(**task, ConfigurationId='d-server-07')
after = mgh.list_migration_tasks(ResourceName='d-server-07')['MigrationTaskSummaryList']
mgh.disassociate_source_resource(**task, SourceResourceName='app-billing')
sources = walk('list_source_resources', 'SourceResourceList')
try:
    mgh.disassociate_source_resource(**task, SourceResourceName='app-billing')
    again = None
except ClientError as error:
    again = error.response['Error']['Code']
print(json.dumps({'discovered': discovered, 'found': [t['MigrationTaskName'] for t in found],
                  'after': after, 'sources': sources, 'again': again}))
`;

test('boto3 makes the six discovered- and source-resource calls, its paginators walking both lists', async () => {
  const finished = await run(
    'python3',
    ['-c', BOTO3_RESOURCES_PROGRAM, endpoint.url],
    environment(throwawayHome()),
  );
  if (finished.code !== 0) throw new Error(`boto3 program failed (${finished.code}):\n${finished.stderr}`);
  const result = JSON.parse(finished.stdout);
  expect(result.discovered).toHaveLength(12);
  expect(result.discovered).toContainEqual({ ConfigurationId: 'd-server-00', Description: 'db' });
  expect(new Set(result.discovered.map((r: { ConfigurationId: string }) => r.ConfigurationId)).size).toBe(12);
  expect(result.found).toEqual(['vm-1']);
  expect(result.after).toEqual([]);
  expect(result.sources).toEqual(
    expect.arrayContaining([
      { Name: 'srv-01', StatusDetail: 'planned' },
      { Name: 'Wave 1\nweb tier', StatusDetail: 'planned' },
    ]),
  );
  expect(result.sources).toHaveLength(2);
  expect(result.again).toBe('ResourceNotFoundException');
}, 60_000);
