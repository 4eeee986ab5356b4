/**
 * The local endpoint: the HTTP server and its shutdown. Each API request goes through the imitation of API
 * Gateway (api-gateway.ts) to the same handler the Lambda runs; GET pages (the dashboard) are answered beside
 * it; the background jobs (background-jobs.ts) do what the maintenance and sweeper Lambdas do in AWS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamPermissions, type StreamRule } from '../lambda/access/policy';
import { type ApiHandler, createApiHandler } from '../lambda/api/create-api-handler';
import { systemClock } from '../lambda/clock';
import { createConnectors } from '../lambda/connectors/create-connectors';
import { CONNECTOR_POLICY } from '../lambda/connectors/hub-client';
import type { ConnectorName } from '../lambda/connectors/observation';
import { DEFAULT_LOCAL_POLL_SECONDS } from '../lambda/connectors/settings';
import { requestLog } from '../lambda/observability/telemetry';
import { DynamoDbApplicationStore } from '../lambda/store/dynamodb-application-store';
import { DynamoDbHomeRegionStore } from '../lambda/store/dynamodb-home-region-store';
import { DynamoDbTaskStore } from '../lambda/store/dynamodb-task-store';
import { answerClientError, apiGateway } from './api-gateway';
import { type BackgroundJobsOptions, startBackgroundJobs } from './background-jobs';
import type { Principal } from './credentials';
import { type Engine, startEngine } from './engine';
import { SigV4Verifier } from './sigv4';

/** Answers a request and returns true when it is one of its own; returns false, untouched, otherwise. */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** The endpoint's settings; the background jobs' (intervals, grace, lag) are theirs, see background-jobs.ts. */
export interface LocalEndpointOptions extends Omit<BackgroundJobsOptions, 'client' | 'connectors'> {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** undefined: no home region is set. */
  readonly homeRegion: string | undefined;
  readonly principals: ReadonlyMap<string, Principal>;
  readonly streamRules?: readonly StreamRule[];
  /** An external DynamoDB-compatible endpoint instead of the embedded dynalite. */
  readonly dynamoDbEndpoint?: string;
  /** How long after its write a staleness lease can be due, at least (DynamoDbTaskStore). */
  readonly leaseLeadSeconds?: number;
  /** Days history entries are kept (DynamoDbTaskStore). @default as long as their task */
  readonly historyRetentionDays?: number | undefined;
  /** Connectors to poll (MGH_CONNECTORS): the user's own MGN and DMS, read with their AWS credentials. */
  readonly connectorNames?: readonly ConnectorName[];
  /** @default DEFAULT_LOCAL_POLL_SECONDS */
  readonly connectorPollSeconds?: number;
  /**
   * GET and HEAD requests it claims are answered beside the API (the dashboard, see local/dashboard/); made
   * once the endpoint's URL is known.
   */
  readonly pages?: (endpointUrl: string) => PageHandler;
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

/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) is shorter than clients keep idle
 * connections: the JS SDK's agent and botocore's pool keep them with no limit, so a tool that paused about 5 s
 * reused a connection just as the server closed it and met ECONNRESET (with SDK retries off, a failed call).
 * Two minutes outlasts common pauses; the server announces it (`Keep-Alive: timeout=120`), so clients that read
 * the hint (Node's agent, undici) close first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 120_000;

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
  const clock = options.clock ?? systemClock;
  const apiOptions = {
    store: new DynamoDbTaskStore({
      client: engine.client,
      tableName: engine.tableName,
      clock,
      ...(options.leaseLeadSeconds !== undefined && { leaseLeadSeconds: options.leaseLeadSeconds }),
      ...(options.leaseShards !== undefined && { leaseShards: options.leaseShards }),
      ...(options.historyRetentionDays !== undefined && {
        historyRetentionDays: options.historyRetentionDays,
      }),
    }),
    applications: new DynamoDbApplicationStore({ client: engine.client, tableName: engine.tableName, clock }),
    clock,
    homeRegion: options.homeRegion,
    homeRegionControls: new DynamoDbHomeRegionStore(engine.client, engine.tableName),
    region: options.homeRegion ?? 'us-east-1',
    // Locally any region can be signed for, so a control may name any region.
    controlRegions: 'any' as const,
    logger,
  };
  const handler: ApiHandler = createApiHandler({
    ...apiOptions,
    policy: new StreamPermissions(options.streamRules),
    telemetry: requestLog(logger),
  });
  // The connectors report through the same operations and stores, as in their Lambda; their polls log a report
  // each rather than a line per call.
  const connectors =
    options.connectorNames && options.connectorNames.length > 0
      ? await createConnectors({
          names: options.connectorNames,
          api: createApiHandler({ ...apiOptions, policy: CONNECTOR_POLICY }),
          pollSeconds: options.connectorPollSeconds ?? DEFAULT_LOCAL_POLL_SECONDS,
          logger,
          clock,
        })
      : undefined;
  const verifier = new SigV4Verifier(options.principals);
  /** Set once close() is called: from then on every response closes its connection. */
  let closing: Promise<void> | undefined;
  /** Set once the port is bound. */
  let pages: PageHandler | undefined;

  const serveApi = apiGateway({ handler, verifier, logger, closing: () => closing !== undefined });

  const server: Server = createServer((request, response) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && pages?.(request, response)) return;
    void serveApi(request, response);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // The time allowed for a request's headers must outlast the idle keep-alive time, or a connection reused
  // late is cut while its request's headers are on the way.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 5_000;
  server.on('clientError', answerClientError);
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

  const jobs = await startBackgroundJobs({
    ...options,
    client: engine.client,
    tableName: engine.tableName,
    clock,
    ...(connectors && { connectors }),
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
        await jobs.stop();
        await engine.close();
      })();
      return closing;
    },
  };
}
