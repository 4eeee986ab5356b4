/**
 * A replication task and its endpoints as DescribeReplicationTasks and DescribeEndpoints give them, and the
 * mapping run on them with a logger that records its warnings.
 */
import type { Endpoint, ReplicationTask } from '@aws-sdk/client-database-migration-service';
import {
  observeReplicationTask,
  type ReplicationTaskEndpoints,
} from '../../../lambda/connectors/dms/replication-task';
import type { SourceLogger } from '../../../lambda/connectors/observation';

export const NOW = 1_767_000_000;
export const ARN = 'arn:aws:dms:eu-west-1:123456789012:task:OEAMB3NXSTZ6LFYZFEPPBBXPYM';
export const SOURCE_ARN = 'arn:aws:dms:eu-west-1:123456789012:endpoint:SRCENDPOINT';
export const TARGET_ARN = 'arn:aws:dms:eu-west-1:123456789012:endpoint:TGTENDPOINT';
export const STARTED = new Date('2026-11-01T10:00:00Z');
export const LOADED = new Date('2026-11-01T12:00:00Z');

export function recordingLogger(): SourceLogger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  return { warnings, info: () => undefined, warn: (...args) => warnings.push(args) };
}

export function task(overrides: Partial<ReplicationTask> = {}): ReplicationTask {
  return {
    ReplicationTaskArn: ARN,
    ReplicationTaskIdentifier: 'orders-to-aurora',
    MigrationType: 'full-load-and-cdc',
    SourceEndpointArn: SOURCE_ARN,
    TargetEndpointArn: TARGET_ARN,
    Status: 'running',
    ...overrides,
  };
}

export function observe(replicationTask: ReplicationTask, endpoints: ReplicationTaskEndpoints = {}) {
  const logger = recordingLogger();
  const observation = observeReplicationTask(replicationTask, endpoints, { nowSeconds: NOW, logger });
  return { observation, warnings: logger.warnings };
}

export function state(replicationTask: ReplicationTask) {
  return observe(replicationTask).observation?.task;
}

export const endpoint = (overrides: Partial<Endpoint>): Endpoint => ({
  EndpointArn: SOURCE_ARN,
  EndpointIdentifier: 'orders-oracle',
  EngineName: 'oracle',
  EngineDisplayName: 'Oracle',
  DatabaseName: 'ORCL',
  ...overrides,
});
