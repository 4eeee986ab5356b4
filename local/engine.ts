/**
 * The storage behind the local endpoint: dynalite started in this process and persisted under the data folder,
 * or any DynamoDB-compatible endpoint given (DynamoDB Local in the test suite). Either way the table is created
 * with the same keys the CDK stack gives it.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDynamoDbClient } from '../lambda/store/dynamodb-client';
import { TABLE_KEYS } from '../lambda/store/table';

export interface Engine {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface EngineOptions {
  readonly tableName: string;
  /** Where dynalite keeps its LevelDB files (ignored with `endpoint`). */
  readonly dataDir: string;
  /** An external DynamoDB-compatible endpoint instead of the embedded dynalite. */
  readonly endpoint?: string;
}

/**
 * A DynamoDB client for a local engine at `endpoint`. Local engines check no credentials, but the SDK signs
 * every request, so it needs some.
 */
export function localEngineClient(endpoint: string): DynamoDBClient {
  return createDynamoDbClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * dynalite 4 ends the LevelDB iterators behind Query and Scan by calling `iterator.return()`, which the
 * iterators of abstract-level 3 (its storage layer) do not have; they have `close()`. Every Query therefore
 * left an iterator open, and each open iterator pins the database's memory as it was (`npm start` grew past
 * 2 GB over 100,000 notifications with the sweep and deletion jobs querying). Giving the iterators the method
 * dynalite calls closes them.
 */
function closeDynaliteIterators(): void {
  const iterator = levelIteratorPrototype();
  if (iterator.return === undefined) {
    iterator.return = function (this: { close(): Promise<void> }) {
      return this.close();
    };
  }
}

/**
 * The common base of the key, value and entry iterators of the abstract-level copy dynalite stores through
 * (dynalite → level → classic-level → abstract-level), resolved the way dynalite resolves it.
 */
export function levelIteratorPrototype(): { return?: () => Promise<void>; close(): Promise<void> } {
  const fromLevel = createRequire(fromDynalite().resolve('level'));
  const fromClassicLevel = createRequire(fromLevel.resolve('classic-level'));
  const { AbstractValueIterator } = fromClassicLevel('abstract-level') as {
    AbstractValueIterator: { prototype: object };
  };
  return Object.getPrototypeOf(AbstractValueIterator.prototype);
}

/** A require() that resolves modules as dynalite does: its `level`, and through that its abstract-level. */
function fromDynalite(): NodeJS.Require {
  return createRequire(require.resolve('dynalite'));
}

/**
 * Fails with a message naming the folder when another process holds its LevelDB lock. dynalite opens the
 * database in the background and only learns of the lock at the first request, which then throws out of its
 * request handler and ends the process with "Database is closed".
 */
async function ensureNotInUse(path: string, dataDir: string): Promise<void> {
  const { Level } = fromDynalite()('level') as {
    Level: new (location: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const probe = new Level(path);
  try {
    await probe.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new Error(
        `the data folder ${dataDir} is in use by another local endpoint; stop it, or set MGH_DATA_DIR to another folder`,
      );
    }
    throw error;
  }
  await probe.close();
}

async function startDynalite(dataDir: string): Promise<{ endpoint: string; server: Server }> {
  closeDynaliteIterators();
  const path = join(dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  await ensureNotInUse(path, dataDir);
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, server };
}

export async function createTableIfMissing(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // A new table is ACTIVE within milliseconds on a local engine; the waiter's default first delay is 20 s.
  await waitUntilTableExists(
    { client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 1 },
    { TableName: tableName },
  );
}

export async function startEngine({ tableName, dataDir, endpoint }: EngineOptions): Promise<Engine> {
  const embedded = endpoint ? undefined : await startDynalite(dataDir);
  const url = endpoint ?? embedded?.endpoint ?? '';
  const client = localEngineClient(url);
  try {
    await createTableIfMissing(client, tableName);
  } catch (error) {
    client.destroy();
    embedded?.server.close();
    throw new Error(`Could not prepare table ${tableName} at ${url}`, { cause: error });
  }
  return {
    client,
    tableName,
    endpoint: url,
    close: async () => {
      client.destroy();
      if (embedded) await new Promise<void>((resolve) => embedded.server.close(() => resolve()));
    },
  };
}
