/**
 * A stand-in for AWS Application Migration Service and Database Migration Service on loopback: the wire
 * protocols their SDK clients speak (MGN: restJson1, `POST /DescribeSourceServers`; DMS: awsJson1_1,
 * `X-Amz-Target: AmazonDMSv20160101.DescribeReplicationTasks`), answering from what the test puts in it. The
 * connectors reach it through the SDK's standard endpoint settings (AWS_ENDPOINT_URL_MGN,
 * AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE), exactly as a user would point them at one.
 *
 * Pages hold `pageSize` items, so the connectors' pagination is exercised; every request is recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInState {
  /** MGN SourceServer shapes, as DescribeSourceServers returns them. */
  sourceServers: Record<string, unknown>[];
  applications: Record<string, unknown>[];
  waves: Record<string, unknown>[];
  /** MGN launch jobs, as DescribeJobs returns them. */
  jobs: Record<string, unknown>[];
  /** DMS ReplicationTask shapes, as DescribeReplicationTasks returns them. */
  replicationTasks: Record<string, unknown>[];
  endpoints: Record<string, unknown>[];
  /** Answer every call of this operation with this error (`{ status, type, message }`), when set. */
  failing: Record<string, { status: number; type: string; message: string }>;
}

export interface AwsStandIn {
  readonly url: string;
  readonly state: StandInState;
  /** Every operation called, in order (`mgn:DescribeSourceServers`, `dms:DescribeEndpoints`...). */
  readonly calls: string[];
  close(): Promise<void>;
}

const DMS_PREFIX = 'AmazonDMSv20160101.';

function page<T>(items: readonly T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === 'string' && token !== '' ? Number(token) : 0;
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next && { next }) };
}

export async function startAwsStandIn(pageSize = 2): Promise<AwsStandIn> {
  const state: StandInState = {
    sourceServers: [],
    applications: [],
    waves: [],
    jobs: [],
    replicationTasks: [],
    endpoints: [],
    failing: {},
  };
  const calls: string[] = [];

  /** An MGN list call: `filters[filter]` (when given) keeps the items whose `id` member it lists. */
  const mgnPage = (
    all: readonly Record<string, unknown>[],
    input: Record<string, unknown>,
    filter: string,
    id: string,
  ): [number, object] => {
    const ids = ((input.filters ?? {}) as Record<string, string[] | undefined>)[filter];
    const matching = ids ? all.filter((item) => ids.includes(String(item[id]))) : all;
    const { items, next } = page(matching, input.nextToken, pageSize);
    return [200, { items, ...(next && { nextToken: next }) }];
  };

  const answer = (operation: string, input: Record<string, unknown>): [number, object] => {
    const failure = state.failing[operation];
    if (failure) return [failure.status, { __type: failure.type, message: failure.message }];
    switch (operation) {
      case 'mgn:DescribeSourceServers': {
        const filters = (input.filters ?? {}) as { sourceServerIDs?: string[]; isArchived?: boolean };
        const matching = state.sourceServers.filter(
          (server) =>
            (!filters.sourceServerIDs || filters.sourceServerIDs.includes(String(server.sourceServerID))) &&
            (filters.isArchived === undefined || Boolean(server.isArchived) === filters.isArchived),
        );
        const { items, next } = page(matching, input.nextToken, pageSize);
        return [200, { items, ...(next && { nextToken: next }) }];
      }
      case 'mgn:ListApplications':
        return mgnPage(state.applications, input, 'applicationIDs', 'applicationID');
      case 'mgn:ListWaves':
        return mgnPage(state.waves, input, 'waveIDs', 'waveID');
      case 'mgn:DescribeJobs':
        return mgnPage(state.jobs, input, 'jobIDs', 'jobID');
      case 'dms:DescribeReplicationTasks': {
        const filters = (input.Filters ?? []) as Array<{ Name: string; Values: string[] }>;
        const matching = state.replicationTasks.filter((task) =>
          filters.every(
            (filter) =>
              filter.Name !== 'replication-task-arn' ||
              filter.Values.includes(String(task.ReplicationTaskArn)),
          ),
        );
        if (filters.length > 0 && matching.length === 0) {
          return [400, { __type: 'ResourceNotFoundFault', message: 'No replication tasks found' }];
        }
        const { items, next } = page(matching, input.Marker, pageSize);
        return [200, { ReplicationTasks: items, ...(next && { Marker: next }) }];
      }
      case 'dms:DescribeEndpoints': {
        const { items, next } = page(state.endpoints, input.Marker, pageSize);
        return [200, { Endpoints: items, ...(next && { Marker: next }) }];
      }
      default:
        return [400, { __type: 'UnknownOperationException', message: `${operation} is not in the stand-in` }];
    }
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const operation =
        typeof target === 'string' && target.startsWith(DMS_PREFIX)
          ? `dms:${target.slice(DMS_PREFIX.length)}`
          : `mgn:${(request.url ?? '/').split('?')[0]?.slice(1)}`;
      calls.push(operation);
      const text = Buffer.concat(chunks).toString('utf8');
      const [status, body] = answer(operation, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      const json = JSON.stringify(body);
      const type = (body as { __type?: string }).__type;
      response.writeHead(status, {
        'Content-Type': operation.startsWith('dms:') ? 'application/x-amz-json-1.1' : 'application/json',
        ...(type && { 'x-amzn-ErrorType': type }),
        'x-amzn-RequestId': `stand-in-${calls.length}`,
      });
      response.end(json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
