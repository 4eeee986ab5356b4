/**
 * Storage goes away under load and comes back. While it is down every call must be answered with a retryable
 * error (ServiceUnavailableException or ThrottlingException), never another 4xx and never a 200 without a
 * stored write; once it is back, the SDK's retries get every update stored.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  type MigrationHubClient,
} from '@aws-sdk/client-migration-hub';
import { startTestEndpoint, type TestEndpoint } from '../integration/support/endpoint';
import { freePort } from '../integration/support/free-port';
import { notifyCommand } from '../support/calls';

let engineDir: string;
let port: number;
let engine: ChildProcess;
let endpoint: TestEndpoint;

/** The engine in a process of its own, as an external DynamoDB-compatible endpoint is: it can really die. */
async function startEngine(): Promise<ChildProcess> {
  const script = `require('dynalite')({ path: ${JSON.stringify(engineDir)}, createTableMs: 0 })
    .listen(${port}, '127.0.0.1', () => process.stdout.write('ready\\n'));`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
  return child;
}

async function killEngine(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  engineDir = mkdtempSync(join(tmpdir(), 'mgh-outage-'));
  port = await freePort();
  engine = await startEngine();
  endpoint = await startTestEndpoint({ dynamoDbEndpoint: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await endpoint.close();
  await killEngine(engine);
  rmSync(engineDir, { recursive: true, force: true });
});

interface Update {
  readonly task: string;
  readonly minute: number;
}

const notify = (client: MigrationHubClient, { task, minute }: Update) =>
  client.send(
    notifyCommand(
      'Outage',
      task,
      { Status: 'IN_PROGRESS', ProgressPercent: minute % 101 },
      new Date(Date.UTC(2026, 10, 28, 0, minute)),
    ),
  );

test('an engine outage under load: only retryable errors, then every update stored', async () => {
  const setup = endpoint.client();
  await setup.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Outage' }));
  const tasks = Array.from({ length: 10 }, (_, i) => `vm-${i}`);
  for (const task of tasks) {
    await setup.send(
      new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Outage', MigrationTaskName: task }),
    );
  }
  const updates: Update[] = tasks.flatMap((task) =>
    Array.from({ length: 60 }, (_, minute) => ({ task, minute })),
  );

  // Clients without retries, so every answer the service gives is seen.
  const clients = Array.from({ length: 8 }, () => endpoint.client());
  const failed: { update: Update; error: string }[] = [];
  let acknowledged = 0;
  let cursor = 0;
  let outage: Promise<void> | undefined;
  await Promise.all(
    clients.map(async (client) => {
      for (let index = cursor++; index < updates.length; index = cursor++) {
        const update = updates[index] as Update;
        if (index === 150) {
          // A quarter of the way in: the engine is killed, and comes back 1.5 s later.
          outage = (async () => {
            await killEngine(engine);
            await new Promise((resolve) => setTimeout(resolve, 1_500));
            engine = await startEngine();
          })();
        }
        try {
          await notify(client, update);
          acknowledged += 1;
        } catch (error) {
          failed.push({ update, error: (error as Error).name });
        }
      }
    }),
  );
  await outage;

  const errors = new Set(failed.map((f) => f.error));
  process.stdout.write(
    `storage outage: ${updates.length} notifications, ${acknowledged} acknowledged, ${failed.length} refused (${[...errors].join(', ')})\n`,
  );
  expect(failed.length).toBeGreaterThan(0); // the outage was felt...
  for (const error of errors) expect(['ServiceUnavailableException', 'ThrottlingException']).toContain(error);

  // ...and the SDK's own retries, as a migration tool runs them, get everything stored afterwards.
  const retrying = endpoint.client();
  Object.assign(retrying.config, { maxAttempts: () => Promise.resolve(5) });
  for (const { update } of failed) await notify(retrying, update);

  for (const task of tasks) {
    const history = await endpoint.historyItems('Outage', task);
    expect({ task, stored: history.length }).toEqual({ task, stored: 60 });
  }
}, 120_000);
