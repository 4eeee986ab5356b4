/**
 * `npm start` as a user runs it: the ready line, the configuration names, a clean stop on SIGTERM and SIGINT,
 * and state that survives a restart. Runs on the embedded dynalite only: persistence is the data folder's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateProgressUpdateStreamCommand,
  DescribeMigrationTaskCommand,
  HomeRegionNotSetException,
  ImportMigrationTaskCommand,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { DEFAULT_PRINCIPAL } from '../../local/credentials';
import { until } from '../support/poll';
import { cleanUp, clientFor, dataDir, exitOf, npmStart } from './support/npm-start';

afterAll(cleanUp);

test('state survives stopping and starting again, and SIGTERM and SIGINT stop it cleanly', async () => {
  const MGH_DATA_DIR = dataDir();
  const first = await npmStart({ MGH_DATA_DIR });
  expect(first.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const client = clientFor(first.url);
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Durable' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Durable', MigrationTaskName: 'vm-1' }),
  );
  const at = new Date(Date.UTC(2026, 10, 28, 20));
  await client.send(
    new NotifyMigrationTaskStateCommand({
      ProgressUpdateStream: 'Durable',
      MigrationTaskName: 'vm-1',
      Task: { Status: 'IN_PROGRESS', ProgressPercent: 64 },
      UpdateDateTime: at,
      NextUpdateSeconds: 60,
    }),
  );
  client.destroy();
  // Signalled through npm, as a supervisor or `kill` does: the server itself must stop, not just npm.
  first.child.kill('SIGTERM');
  expect(await exitOf(first.child)).toBe(0);
  await expect(fetch(first.url)).rejects.toThrow('fetch failed');

  const second = await npmStart({ MGH_DATA_DIR });
  const again = clientFor(second.url);
  const { MigrationTask } = await again.send(
    new DescribeMigrationTaskCommand({ ProgressUpdateStream: 'Durable', MigrationTaskName: 'vm-1' }),
  );
  expect(MigrationTask?.Task).toEqual({ Status: 'IN_PROGRESS', ProgressPercent: 64 });
  expect(MigrationTask?.UpdateDateTime).toEqual(at);
  again.destroy();
  second.child.kill('SIGINT');
  expect(await exitOf(second.child)).toBe(0);
  await expect(fetch(second.url)).rejects.toThrow('fetch failed');
});

test('MGH_CREDENTIALS_FILE and MGH_HOME_REGION configure who may call, and where', async () => {
  const dir = dataDir();
  const credentials = {
    accessKeyId: 'AKIAPLATFORMTEAM0001',
    secretAccessKey: 'platform-secret',
    arn: 'arn:aws:iam::210987654321:role/dms',
  };
  const MGH_CREDENTIALS_FILE = join(dir, 'credentials.json');
  writeFileSync(MGH_CREDENTIALS_FILE, JSON.stringify([credentials]));
  const started = await npmStart({ MGH_DATA_DIR: dir, MGH_CREDENTIALS_FILE, MGH_HOME_REGION: 'eu-west-1' });
  expect(started.output()).toContain('home region: eu-west-1');

  const platform = clientFor(started.url, { ...credentials, arn: '', accountId: '' }, 'eu-west-1');
  await expect(
    platform.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'DMS' })),
  ).resolves.toHaveProperty('$metadata.httpStatusCode', 200);
  const example = clientFor(started.url, DEFAULT_PRINCIPAL, 'eu-west-1');
  await expect(
    example.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'DMS' })),
  ).rejects.toMatchObject({
    name: 'UnrecognizedClientException',
  });
  platform.destroy();
  example.destroy();
  started.child.kill('SIGTERM');
  expect(await exitOf(started.child)).toBe(0);
});

test('MGH_HOME_REGION set to the empty string means no home region', async () => {
  const started = await npmStart({ MGH_DATA_DIR: dataDir(), MGH_HOME_REGION: '' });
  expect(started.output()).toContain('home region: (not set)');
  const client = clientFor(started.url);
  await expect(
    client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool' })),
  ).rejects.toBeInstanceOf(HomeRegionNotSetException);
  client.destroy();
  started.child.kill('SIGTERM');
  expect(await exitOf(started.child)).toBe(0);
});

test('a bad setting stops it at once with a message naming the setting', async () => {
  await expect(npmStart({ MGH_DATA_DIR: dataDir(), PORT: 'eighty' })).rejects.toThrow(
    /exited with 1 before it was ready:[\s\S]*PORT must be an integer/,
  );
});

test('a second server on the same data folder stops at once, naming the folder; the first keeps serving', async () => {
  const MGH_DATA_DIR = dataDir();
  const first = await npmStart({ MGH_DATA_DIR });
  await expect(npmStart({ MGH_DATA_DIR })).rejects.toThrow(
    /exited with 1 before it was ready:[\s\S]*Could not start the local endpoint: the data folder .+ is in use by another local endpoint/,
  );
  const client = clientFor(first.url);
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Shared' }));
  client.destroy();
  first.child.kill('SIGTERM');
  expect(await exitOf(first.child)).toBe(0);
});

test('MGH_SWEEP_SECONDS=1: a task whose deadline passes lands in MGH_DATA_DIR/events.jsonl within a few sweeps', async () => {
  const MGH_DATA_DIR = dataDir();
  const started = await npmStart({
    MGH_DATA_DIR,
    MGH_SWEEP_SECONDS: '1',
    MGH_LEASE_LEAD_SECONDS: '1',
    // The setting the lease lead replaced: said to be ignored, not silently.
    MGH_SWEEP_LAG_SECONDS: '20',
  });
  expect(started.output()).toContain(
    `stale-task sweep every 1 s (lease lead 1 s); events: ${join(MGH_DATA_DIR, 'events.jsonl')}`,
  );
  // On stderr, which may arrive just after the ready line on stdout.
  const warnings = [
    'WARNING: MGH_LEASE_LEAD_SECONDS=1 is shorter than a notification',
    'WARNING: MGH_SWEEP_LAG_SECONDS is no longer read',
  ];
  const warned = () => warnings.every((warning) => started.output().includes(warning));
  for (let waited = 0; !warned() && waited < 2_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const warning of warnings) expect(started.output()).toContain(warning);
  const client = clientFor(started.url);
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Quiet' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Quiet', MigrationTaskName: 'db-1' }),
  );
  const sent = Math.floor(Date.now() / 1000);
  await client.send(
    new NotifyMigrationTaskStateCommand({
      ProgressUpdateStream: 'Quiet',
      MigrationTaskName: 'db-1',
      Task: { Status: 'IN_PROGRESS', ProgressPercent: 12 },
      UpdateDateTime: new Date(sent * 1000),
      NextUpdateSeconds: 1,
    }),
  );
  client.destroy();
  const file = join(MGH_DATA_DIR, 'events.jsonl');
  await until(() => existsSync(file), { timeoutMs: 15_000, intervalMs: 200 });
  const [line, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
  expect(rest).toEqual([]);
  const event = JSON.parse(line ?? '{}');
  expect(event).toMatchObject({
    Source: 'migration-hub',
    DetailType: 'Migration Task Stale',
    EventBusName: 'default',
  });
  expect(JSON.parse(event.Detail)).toMatchObject({
    migrationTaskName: 'db-1',
    deadline: new Date((sent + 1) * 1000).toISOString(),
  });
  expect(started.output()).toContain('"message":"event","detailType":"Migration Task Stale"');
  started.child.kill('SIGTERM');
  expect(await exitOf(started.child)).toBe(0);
});

test('a sweep interval that is not a positive number stops it with the setting named', async () => {
  await expect(npmStart({ MGH_DATA_DIR: dataDir(), MGH_SWEEP_SECONDS: '0' })).rejects.toThrow(
    /MGH_SWEEP_SECONDS must be a positive number of seconds, not '0'/,
  );
});
