/** Source servers shaped as DescribeSourceServers returns them, for the MGN connector's tests. */
import type { SourceServer } from '@aws-sdk/client-mgn';
import type { WarnLogger } from '../../../lambda/connectors/mgn/source-server';

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
export class RecordingLogger implements WarnLogger {
  readonly warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  readonly infos: Array<{ message: string; fields?: Record<string, unknown> }> = [];

  warn(message: string, fields?: Record<string, unknown>): void {
    this.warnings.push({ message, ...(fields && { fields }) });
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.infos.push({ message, ...(fields && { fields }) });
  }
}
