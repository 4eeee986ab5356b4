/**
 * What each connector reads of its service and which of its events it takes: data only (no SDK), so the CDK
 * app grants and routes exactly this without loading the services' clients. The sources use the same lists,
 * and their tests check they call nothing else.
 */
import type { ConnectorName } from './observation';

/** The only calls the connectors make to MGN and DMS, all read-only; the connector Lambda's role allows these. */
export const CONNECTOR_ACTIONS = {
  mgn: ['mgn:DescribeSourceServers', 'mgn:ListApplications', 'mgn:ListWaves', 'mgn:DescribeJobs'],
  dms: ['dms:DescribeReplicationTasks', 'dms:DescribeEndpoints'],
} as const satisfies Record<ConnectorName, readonly string[]>;

/**
 * The EventBridge events each connector's rule takes (source and detail-types, as the services' user guides
 * name them). Each is only a hint that an item changed: the item is described again.
 */
export const CONNECTOR_EVENTS = {
  mgn: {
    source: 'aws.mgn',
    detailTypes: [
      'MGN Source Server Lifecycle State Change',
      'MGN Source Server Launch Result',
      'MGN Source Server Data Replication Stalled Change',
    ],
  },
  // The one DMS event about replication tasks in the EventBridge event reference; the others are about
  // replication instances, endpoints, serverless replications and homogeneous data migrations.
  dms: { source: 'aws.dms', detailTypes: ['DMS Replication Task State Change'] },
} as const satisfies Record<ConnectorName, { source: string; detailTypes: readonly string[] }>;
