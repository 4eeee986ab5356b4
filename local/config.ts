/**
 * The local endpoint's settings, from the environment. These names are a public interface: scripts, CI and
 * other tools set them (see README "Configuration").
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StreamRule } from '../lambda/access/policy';
import { parseStreamRules } from '../lambda/access/stream-rules';
import type { ConnectorName } from '../lambda/connectors/observation';
import {
  DEFAULT_LOCAL_POLL_SECONDS,
  parseConnectorNames,
  parsePollSeconds,
} from '../lambda/connectors/settings';
import { leaseShardsSetting } from '../lambda/settings';
import { LEASE_LEAD_SECONDS } from '../lambda/store/dynamodb-client';
import { loadPrincipals, type Principal } from './credentials';

export const DEFAULT_PORT = 6440;

export interface LocalConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly tableName: string;
  readonly homeRegion: string | undefined;
  readonly principals: ReadonlyMap<string, Principal>;
  readonly streamRules: readonly StreamRule[];
  readonly dynamoDbEndpoint: string | undefined;
  readonly deletionIntervalMs: number;
  readonly sweepIntervalMs: number;
  readonly leaseLeadSeconds: number;
  readonly historyRetentionDays: number | undefined;
  readonly leaseShards: number;
  readonly connectorNames: readonly ConnectorName[];
  readonly connectorPollSeconds: number;
}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535 (0 picks a free port), not '${value}'`);
  }
  return parsed;
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`${name} must be a positive number of seconds, not '${value}'`);
  return parsed;
}

function days(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 36_500) {
    throw new Error(`${name} must be a whole number of days from 1 to 36500, not '${value}'`);
  }
  return parsed;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const permissionsFile = env.MGH_PERMISSIONS_FILE;
  return {
    host: env.HOST || '127.0.0.1',
    port: port(env.PORT),
    dataDir: resolve(env.MGH_DATA_DIR || '.mgh-data'),
    tableName: env.MGH_TABLE_NAME || 'migration-hub',
    // Unset: us-east-1. Set to the empty string: no home region, as in an account that never chose one.
    homeRegion: env.MGH_HOME_REGION === undefined ? 'us-east-1' : env.MGH_HOME_REGION || undefined,
    principals: loadPrincipals(env.MGH_CREDENTIALS_FILE || undefined),
    streamRules: permissionsFile
      ? parseStreamRules(readFileSync(permissionsFile, 'utf8'), permissionsFile)
      : [],
    dynamoDbEndpoint: env.MGH_DYNAMODB_ENDPOINT || undefined,
    deletionIntervalMs: seconds('MGH_DELETION_INTERVAL_SECONDS', env.MGH_DELETION_INTERVAL_SECONDS, 2) * 1000,
    sweepIntervalMs: seconds('MGH_SWEEP_SECONDS', env.MGH_SWEEP_SECONDS, 60) * 1000,
    leaseShards: leaseShardsSetting(env),
    historyRetentionDays: days('MGH_HISTORY_RETENTION_DAYS', env.MGH_HISTORY_RETENTION_DAYS),
    connectorNames: parseConnectorNames(env.MGH_CONNECTORS),
    connectorPollSeconds: parsePollSeconds(env.MGH_CONNECTOR_POLL_SECONDS, DEFAULT_LOCAL_POLL_SECONDS),
    leaseLeadSeconds: seconds('MGH_LEASE_LEAD_SECONDS', env.MGH_LEASE_LEAD_SECONDS, LEASE_LEAD_SECONDS),
  };
}

/** Loopback addresses only; anything else is reachable from the network. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
