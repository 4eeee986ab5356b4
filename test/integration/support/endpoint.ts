/**
 * Starts the real local endpoint (the same code as `npm start`) for one test file, on the engine of the jest
 * project running it: embedded dynalite in a fresh data folder, or a fresh table on the shared DynamoDB Local.
 * Clients are the unmodified AWS SDK for JavaScript, as a migration tool uses it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { MigrationHubClient } from '@aws-sdk/client-migration-hub';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Logger } from '../../../lambda/observability/logger';
import { historyPartition, streamItemKey, taskItemKey } from '../../../lambda/store/table';
import { DEFAULT_PRINCIPAL, type Principal } from '../../../local/credentials';
import { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from '../../../local/server';

export type EngineName = 'dynalite' | 'dynamodb-local';

/** Set per jest project in jest.config.js. */
export const ENGINE: EngineName =
  (globalThis as { MGH_TEST_ENGINE?: EngineName }).MGH_TEST_ENGINE === 'dynamodb-local'
    ? 'dynamodb-local'
    : 'dynalite';

function principal(accessKeyId: string, arn: string): Principal {
  return {
    accessKeyId,
    secretAccessKey: `secret-of-${accessKeyId}`,
    arn,
    accountId: arn.split(':')[4] ?? '',
  };
}

/** The principals every test endpoint knows: two in one account, one in another. */
export const PRINCIPALS = {
  tool: DEFAULT_PRINCIPAL,
  operator: principal('AKIAOPERATOR00000001', 'arn:aws:sts::111122223333:assumed-role/operator/alice'),
  otherAccount: principal('AKIAOTHERACCOUNT0001', 'arn:aws:iam::444455556666:user/other-tool'),
} as const;

/** Collects what the endpoint logs, so a test can read it and the test output stays quiet. */
export class RecordingLogger implements Logger {
  readonly entries: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'INFO', message, ...(fields && { fields }) });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'WARN', message, ...(fields && { fields }) });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'ERROR', message, ...(fields && { fields }) });
  }
}

export interface ClientOptions {
  readonly as?: Principal;
  readonly region?: string;
  /** `execute-api` is how a client calls the deployed stack through API Gateway. */
  readonly signingName?: 'mgh' | 'execute-api';
}

export interface TestEndpoint {
  readonly url: string;
  /** MGH_DATA_DIR of the endpoint: events.jsonl is here. */
  readonly dataDir: string;
  readonly local: LocalEndpoint;
  readonly logger: RecordingLogger;
  client(options?: ClientOptions): MigrationHubClient;
  /** The stored task item, read straight from the engine. */
  taskItem(stream: string, task: string, accountId?: string): Promise<Record<string, unknown> | undefined>;
  streamItem(stream: string, accountId?: string): Promise<Record<string, unknown> | undefined>;
  /** The task's history items, oldest first. */
  historyItems(stream: string, task: string, accountId?: string): Promise<Record<string, unknown>[]>;
  /** Every item of the table, in a canonical form: equal snapshots mean nothing was written. */
  tableSnapshot(): Promise<string>;
  close(): Promise<void>;
}

export async function startTestEndpoint(
  overrides: Partial<Omit<LocalEndpointOptions, 'logger'>> = {},
): Promise<TestEndpoint> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mgh-test-'));
  const logger = new RecordingLogger();
  const dynamoDbLocal = process.env.MGH_TEST_DYNAMODB_LOCAL_ENDPOINT;
  if (ENGINE === 'dynamodb-local' && !dynamoDbLocal) throw new Error('DynamoDB Local was not started');
  const local = await startLocalEndpoint({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    tableName: `mgh-test-${randomUUID()}`,
    homeRegion: 'us-east-1',
    principals: new Map(Object.values(PRINCIPALS).map((p) => [p.accessKeyId, p])),
    ...(ENGINE === 'dynamodb-local' && { dynamoDbEndpoint: dynamoDbLocal }),
    // Background deletion only where a test asks for it, so a stream marked for deletion stays observable.
    deletionIntervalMs: 3_600_000,
    // Likewise the staleness sweep: tests sweep with their own clock, or ask for the timer.
    sweepIntervalMs: 3_600_000,
    ...overrides,
    logger,
  });
  const doc = DynamoDBDocumentClient.from(local.engine.client);
  const TableName = local.engine.tableName;
  const clients: MigrationHubClient[] = [];
  const account = PRINCIPALS.tool.accountId;

  return {
    url: local.url,
    dataDir,
    local,
    logger,
    client({ as = PRINCIPALS.tool, region = 'us-east-1', signingName } = {}) {
      const client = new MigrationHubClient({
        endpoint: local.url,
        region,
        credentials: { accessKeyId: as.accessKeyId, secretAccessKey: as.secretAccessKey },
        maxAttempts: 1,
        ...(signingName && { signingName }),
      });
      clients.push(client);
      return client;
    },
    async taskItem(stream, task, accountId = account) {
      const { Item } = await doc.send(
        new GetCommand({ TableName, Key: taskItemKey(accountId, stream, task), ConsistentRead: true }),
      );
      return Item;
    },
    async streamItem(stream, accountId = account) {
      const { Item } = await doc.send(
        new GetCommand({ TableName, Key: streamItemKey(accountId, stream), ConsistentRead: true }),
      );
      return Item;
    },
    async historyItems(stream, task, accountId = account) {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': historyPartition(accountId, stream, task) },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    async tableSnapshot() {
      const items: string[] = [];
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        // The low-level client: AttributeValues serialize exactly (a string set as a document would not).
        const page = await local.engine.client.send(
          new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }),
        );
        items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return JSON.stringify(items.sort());
    },
    async close() {
      for (const client of clients) client.destroy();
      await local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawRequest {
  readonly target?: string;
  readonly body: string | Buffer;
  readonly as?: Principal;
  readonly region?: string;
  readonly service?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

/** A correctly signed request with any body: what a buggy or hostile client could send. */
export async function signedRequest(url: string, request: RawRequest): Promise<RawResponse> {
  const { host } = new URL(url);
  const as = request.as ?? PRINCIPALS.tool;
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const signer = new SignatureV4({
    credentials: { accessKeyId: as.accessKeyId, secretAccessKey: as.secretAccessKey },
    region: request.region ?? 'us-east-1',
    service: request.service ?? 'mgh',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: host,
      path: request.path ?? '/',
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.1',
        ...(request.target !== undefined && { 'x-amz-target': request.target }),
        ...request.headers,
      },
      body,
    }),
  );
  const response = await fetch(`${url}${request.path ?? '/'}`, {
    method: 'POST',
    headers: signed.headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
}
