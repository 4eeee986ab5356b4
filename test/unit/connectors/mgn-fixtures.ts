/**
 * Source servers shaped as DescribeSourceServers returns them, and a stand-in for MGN's endpoint under a real
 * MgnClient, for the MGN connector's tests.
 */
import { Readable } from 'node:stream';
import { MgnClient, type SourceServer } from '@aws-sdk/client-mgn';
import { HttpResponse } from '@smithy/protocol-http';
import type { SourceLogger } from '../../../lambda/connectors/observation';

export const ACCOUNT = '111122223333';
export const REGION = 'us-west-2';
export const SERVER_ID = 's-12345678901234567';
export const NOW = 1_800_000_000;

export function sourceServer(overrides: Partial<SourceServer> = {}, id = SERVER_ID): SourceServer {
  return {
    sourceServerID: id,
    arn: `arn:aws:mgn:${REGION}:${ACCOUNT}:source-server/${id}`,
    isArchived: false,
    lifeCycle: { state: 'NOT_READY' },
    dataReplicationInfo: {
      dataReplicationState: 'INITIAL_SYNC',
      replicatedDisks: [{ deviceName: '/dev/sda', totalStorageBytes: 1000, replicatedStorageBytes: 250 }],
    },
    sourceProperties: {
      identificationHints: { fqdn: 'web-1.corp.example.com', hostname: 'web-1' },
      networkInterfaces: [{ macAddress: '00:50:56:aa:bb:cc', ips: ['10.0.0.5'], isPrimary: true }],
    },
    ...overrides,
  };
}

/** A logger that keeps what it was told, to assert on. */
export class RecordingLogger implements SourceLogger {
  readonly warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  readonly infos: Array<{ message: string; fields?: Record<string, unknown> }> = [];

  warn(message: string, fields?: Record<string, unknown>): void {
    this.warnings.push({ message, ...(fields && { fields }) });
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.infos.push({ message, ...(fields && { fields }) });
  }
}

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' };

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}
export type Route = (body: Record<string, unknown>) => Answer;

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const error = (status: number, errorType: string, message: string): Answer => ({
  status,
  errorType,
  body: { message },
});
export const throttled = error(429, 'ThrottlingException', 'Rate exceeded');
const noItems: Route = () => ok({ items: [] });

/**
 * A stand-in for MGN's endpoint: each operation (its path, `/DescribeSourceServers`) answered by a route, every
 * request recorded with its JSON body.
 */
export function stubMgn(routes: Record<string, Route>, maxAttempts = 3) {
  const requests: Array<{ operation: string; body: Record<string, unknown> }> = [];
  const route = {
    '/DescribeSourceServers': noItems,
    '/ListApplications': noItems,
    '/ListWaves': noItems,
    '/DescribeJobs': noItems,
    ...routes,
  };
  const client = new MgnClient({
    region: REGION,
    credentials,
    maxAttempts,
    requestHandler: {
      handle: async (request: { path: string; body?: unknown }) => {
        const body = typeof request.body === 'string' && request.body ? JSON.parse(request.body) : {};
        requests.push({ operation: request.path.replace(/^\//, ''), body });
        const answer =
          route[request.path as keyof typeof route]?.(body) ?? error(404, 'UnknownOperation', '');
        return {
          response: new HttpResponse({
            statusCode: answer.status,
            headers: {
              'content-type': 'application/json',
              ...(answer.errorType && { 'x-amzn-errortype': answer.errorType }),
            },
            body: Readable.from([Buffer.from(JSON.stringify(answer.body))]),
          }),
        };
      },
    },
  });
  return { client, requests };
}
