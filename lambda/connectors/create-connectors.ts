/**
 * The connectors as both runtimes build them: for each enabled service, its SDK client (the SDK's default
 * credentials, region and endpoint settings, so AWS_PROFILE, AWS_REGION and AWS_ENDPOINT_URL_MGN /
 * AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE apply), its source, and a writer that reports through `api`.
 */
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { MgnClient } from '@aws-sdk/client-mgn';
import type { ApiHandler } from '../api/create-api-handler';
import type { Clock } from '../clock';
import type { Logger } from '../observability/logger';
import { Connectors } from './connectors';
import { DmsSource } from './dms/dms-source';
import { HubClient } from './hub-client';
import { HubWriter } from './hub-writer';
import { MgnSource } from './mgn/mgn-source';
import type { ConnectorName, ConnectorSource } from './observation';

export interface CreateConnectorsOptions {
  readonly names: readonly ConnectorName[];
  /** The API handler the connectors report through (its policy must allow them: CONNECTOR_POLICY). */
  readonly api: ApiHandler;
  readonly pollSeconds: number;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The services' region. @default the SDK's (AWS_REGION, the profile's) */
  readonly region?: string;
}

/** Attempts per describe call, the SDK's standard backoff between them; a poll that still fails is logged. */
const MAX_ATTEMPTS = 5;

/** The region a client reads: given, or resolved as the SDK resolves it; a clear error when there is none. */
async function regionOf(client: MgnClient | DatabaseMigrationServiceClient, name: string): Promise<string> {
  try {
    return await client.config.region();
  } catch (cause) {
    throw new Error(
      `The ${name} connector needs an AWS region: set AWS_REGION, or a region in the profile AWS_PROFILE names`,
      { cause },
    );
  }
}

async function sourceFor(
  name: ConnectorName,
  { logger, region }: CreateConnectorsOptions,
): Promise<ConnectorSource> {
  const clientOptions = { maxAttempts: MAX_ATTEMPTS, ...(region && { region }) };
  switch (name) {
    case 'mgn': {
      const client = new MgnClient(clientOptions);
      return new MgnSource({ client, region: await regionOf(client, name), logger });
    }
    case 'dms': {
      const client = new DatabaseMigrationServiceClient(clientOptions);
      return new DmsSource({ client, region: await regionOf(client, name), logger });
    }
  }
}

export async function createConnectors(options: CreateConnectorsOptions): Promise<Connectors> {
  const connectors = await Promise.all(
    options.names.map(async (name) => ({
      source: await sourceFor(name, options),
      writer: new HubWriter({ hub: new HubClient(options.api, name), pollSeconds: options.pollSeconds }),
    })),
  );
  return new Connectors(connectors, options.logger, options.pollSeconds, options.clock);
}
