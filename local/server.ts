/**
 * The local endpoint: an HTTP server standing in for API Gateway. It verifies the SigV4 signature, maps the
 * access key to its principal, builds the REST proxy event API Gateway would and calls the same handler the
 * Lambda runs. Errors of its own (signature, oversized body) answer in the same awsJson shape. In the
 * background it does what the maintenance and sweeper Lambdas do in AWS: finishes stream deletions, and sweeps
 * for stale tasks, appending their events to MGH_DATA_DIR/events.jsonl.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { StreamPermissions, type StreamRule } from '../lambda/access/policy';
import { type ApiHandler, createApiHandler } from '../lambda/api/create-api-handler';
import { InternalServerError, InvalidInputError, ServiceError } from '../lambda/errors';
import { describeError, type Logger } from '../lambda/observability/logger';
import { requestLog } from '../lambda/observability/telemetry';
import { errorResponse } from '../lambda/protocol/aws-json';
import { Sweeper } from '../lambda/staleness/sweeper';
import { DynamoDbStalenessStore } from '../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { StreamDeletion } from '../lambda/store/stream-deletion';
import type { Principal } from './credentials';
import { type Engine, startEngine } from './engine';
import { EVENTS_FILE, EventsFilePublisher } from './events-file';
import { SigV4Verifier, type VerifiedSignature } from './sigv4';

/** Far above the largest valid request (about 40 KB), far below what would strain the process. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Answers a request and returns true when it is one of its own; returns false, untouched, otherwise. */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface LocalEndpointOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  readonly tableName: string;
  /** undefined: no home region is set. */
  readonly homeRegion: string | undefined;
  readonly principals: ReadonlyMap<string, Principal>;
  readonly streamRules?: readonly StreamRule[];
  /** An external DynamoDB-compatible endpoint instead of the embedded dynalite. */
  readonly dynamoDbEndpoint?: string;
  /** How often deleted streams' data is removed in the background (as the maintenance Lambda does). */
  readonly deletionIntervalMs?: number;
  /** How long a deleted stream waits before its data is removed (see StreamDeletion). */
  readonly deletionGraceSeconds?: number;
  /** How often the staleness sweeper runs. @default 60_000 */
  readonly sweepIntervalMs?: number;
  /** How far behind the clock the sweeper reads (see Sweeper). @default DEFAULT_SWEEP_LAG_SECONDS */
  readonly sweepLagSeconds?: number;
  /**
   * GET and HEAD requests it claims are answered beside the API (the dashboard, see local/dashboard/); made
   * once the endpoint's URL is known.
   */
  readonly pages?: (endpointUrl: string) => PageHandler;
  readonly logger: Logger;
}

export interface LocalEndpoint {
  /** `http://HOST:PORT`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly engine: Engine;
  /** Stops accepting connections, lets requests in flight finish, then closes the engine. */
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it cuts their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** API Gateway's status for an oversized request; the type stays the one every SDK knows. */
class PayloadTooLargeError extends InvalidInputError {
  override readonly statusCode = 413;
}

/** The client went away before its request was read: there is no one to answer. */
class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new PayloadTooLargeError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped; the answer closes the connection.
      if (size > MAX_BODY_BYTES)
        reject(new PayloadTooLargeError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('close', () => {
      if (!request.complete) reject(new ClientGoneError('the client closed the connection mid-request'));
    });
    request.on('error', reject);
  });
}

function splitUrl(url: string): { path: string; query: Record<string, string[]> } {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query: Record<string, string[]> = {};
  if (queryStart !== -1) {
    for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      query[key] = [...(query[key] ?? []), value];
    }
  }
  return { path: path || '/', query };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The REST proxy event API Gateway builds for a request its IAM authorization let through. */
function proxyEvent(
  request: IncomingMessage,
  body: Buffer,
  { principal }: VerifiedSignature,
  requestId: string,
): APIGatewayProxyEvent {
  const { path, query } = splitUrl(request.url ?? '/');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(',');
    multiValueHeaders[name] = values;
  }
  // API Gateway hands a body that is not UTF-8 text to the Lambda base64-encoded.
  let text: string;
  let isBase64Encoded = false;
  try {
    text = strictUtf8.decode(body);
  } catch {
    text = body.toString('base64');
    isBase64Encoded = true;
  }
  const hasQuery = Object.keys(query).length > 0;
  const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: request.method ?? 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.at(-1) ?? '']))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body: text,
    isBase64Encoded,
    requestContext: {
      accountId: principal.accountId,
      apiId: 'local',
      authorizer: null,
      httpMethod: request.method ?? 'POST',
      path,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      stage: 'local',
      identity: {
        accessKey: principal.accessKeyId,
        accountId: principal.accountId,
        apiKey: null,
        apiKeyId: null,
        caller: principal.arn,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp,
        user: principal.arn,
        userAgent: headers['user-agent'] ?? null,
        userArn: principal.arn,
      },
    },
  };
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local-endpoint',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local-endpoint',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResult, closeConnection: boolean): void {
  const body = Buffer.from(result.body, 'utf8');
  response.writeHead(result.statusCode, {
    ...result.headers,
    'Content-Length': body.length,
    ...(closeConnection && { Connection: 'close' }),
  });
  response.end(body);
}

/**
 * Runs a job now (resuming whatever a previous run left) and then every `intervalMs`, one run at a time; a
 * failed run is logged and the next one tries again.
 */
function backgroundJob(intervalMs: number, logger: Logger, name: string, run: () => Promise<void>) {
  let running: Promise<void> = Promise.resolve();
  const next = () => {
    running = running
      .then(run)
      .catch((error: unknown) => logger.error(`${name} failed; retrying later`, describeError(error)));
  };
  next();
  const timer = setInterval(next, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return running;
    },
  };
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const { logger } = options;
  const engine = await startEngine({
    tableName: options.tableName,
    dataDir: options.dataDir,
    ...(options.dynamoDbEndpoint && { endpoint: options.dynamoDbEndpoint }),
  });
  const handler: ApiHandler = createApiHandler({
    store: new DynamoDbTaskStore({ client: engine.client, tableName: engine.tableName }),
    homeRegion: options.homeRegion,
    region: options.homeRegion ?? 'us-east-1',
    policy: new StreamPermissions(options.streamRules),
    logger,
    telemetry: requestLog(logger),
  });
  const verifier = new SigV4Verifier(options.principals);
  /** Set once close() is called: from then on every response closes its connection. */
  let closing: Promise<void> | undefined;
  /** Set once the port is bound. */
  let pages: PageHandler | undefined;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if ((request.method === 'GET' || request.method === 'HEAD') && pages?.(request, response)) return;
    const requestId = randomUUID();
    try {
      const body = await readBody(request);
      const { path, query } = splitUrl(request.url ?? '/');
      const signature = await verifier.verify({
        method: request.method ?? 'POST',
        path,
        query,
        headers: request.headers,
        body,
      });
      const result = await handler(proxyEvent(request, body, signature, requestId), lambdaContext(requestId));
      send(response, result, closing !== undefined);
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      const serviceError = error instanceof ServiceError ? error : new InternalServerError({ cause: error });
      if (serviceError.statusCode >= 500)
        logger.error('local endpoint failed', { requestId, ...describeError(error) });
      if (!response.headersSent && !response.destroyed) {
        const closeConnection = closing !== undefined || serviceError instanceof PayloadTooLargeError;
        send(response, errorResponse(requestId, serviceError), closeConnection);
      }
    }
  }

  const server: Server = createServer((request, response) => {
    void serve(request, response);
  });
  // A request that is not even HTTP gets a plain 400 and its connection closed; the server stays up.
  // A request that is not even valid HTTP (or whose headers exceed Node's 16 KiB) still gets an AWS-shaped
  // answer before its connection is closed; the server stays up.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      __type: 'InvalidInputException',
      Message: tooLarge ? 'The request headers exceed 16 KiB.' : 'The request is not valid HTTP.',
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        'Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: InvalidInputException\r\n' +
        `x-amzn-RequestId: ${randomUUID()}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = formatUrl(options.host, port);
  pages = options.pages?.(url);

  // What the maintenance and sweeper Lambdas do in AWS, here on timers. Local requests finish in
  // milliseconds: a short deletion grace suffices (the Lambda's is 30 s).
  const deletion = new StreamDeletion(engine.client, engine.tableName, {
    graceSeconds: options.deletionGraceSeconds ?? 2,
  });
  const deletionJob = backgroundJob(
    options.deletionIntervalMs ?? 2_000,
    logger,
    'stream deletion',
    async () => {
      const report = await deletion.run();
      if (report.streamsDeleted > 0) logger.info('deleted streams', { ...report });
    },
  );
  await mkdir(options.dataDir, { recursive: true });
  const sweeper = new Sweeper({
    store: new DynamoDbStalenessStore(engine.client, engine.tableName),
    publisher: new EventsFilePublisher(join(options.dataDir, EVENTS_FILE), logger),
    ...(options.sweepLagSeconds !== undefined && { lagSeconds: options.sweepLagSeconds }),
  });
  const sweepJob = backgroundJob(options.sweepIntervalMs ?? 60_000, logger, 'staleness sweep', async () => {
    await sweeper.sweep();
  });
  return {
    url,
    port,
    engine,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          // In-flight requests finish; idle keep-alive connections close now, busy ones with their response,
          // and whatever is still open after the grace period (a client that stalled mid-upload) is cut.
          const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
          server.close(() => {
            clearTimeout(cut);
            resolve();
          });
          server.closeIdleConnections();
        });
        await Promise.all([deletionJob.stop(), sweepJob.stop()]);
        await engine.close();
      })();
      return closing;
    },
  };
}
