/**
 * The only calls the connectors make to MGN and DMS, all read-only: the connector Lambda's role allows exactly
 * these (lib/connector-function.ts), and the README lists them. Each source's tests check it sends no other.
 */
import type { ConnectorName } from './observation';

export const CONNECTOR_ACTIONS: Readonly<Record<ConnectorName, readonly string[]>> = {
  mgn: ['mgn:DescribeSourceServers', 'mgn:ListApplications', 'mgn:ListWaves'],
  dms: ['dms:DescribeReplicationTasks', 'dms:DescribeEndpoints'],
};
