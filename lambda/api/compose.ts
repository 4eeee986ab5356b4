/**
 * The API handler as a Lambda composes it from its environment: the stores on one DynamoDB client and the
 * deployment's home-region rules. The API Lambda and the connector Lambda (which reports through the same
 * operations in-process) differ only in who may write (the policy) and what hears of each request.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AccessPolicy } from '../access/policy';
import type { Logger } from '../observability/logger';
import type { Telemetry } from '../observability/telemetry';
import { DynamoDbApplicationStore } from '../store/dynamodb-application-store';
import { DynamoDbHomeRegionStore } from '../store/dynamodb-home-region-store';
import { DynamoDbTaskStore } from '../store/dynamodb-task-store';
import { createApiHandler } from './create-api-handler';
import type { ApiEnvironment } from './environment';

export interface ComposeOptions {
  readonly client: DynamoDBClient;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly telemetry?: Telemetry;
}

export function composeApiHandler(environment: ApiEnvironment, options: ComposeOptions) {
  const { client, policy, logger, telemetry } = options;
  return createApiHandler({
    store: new DynamoDbTaskStore({
      client,
      tableName: environment.tableName,
      ...(environment.historyRetentionDays && { historyRetentionDays: environment.historyRetentionDays }),
      leaseShards: environment.leaseShards,
    }),
    applications: new DynamoDbApplicationStore({ client, tableName: environment.tableName }),
    homeRegion: environment.homeRegion,
    homeRegionControls: new DynamoDbHomeRegionStore(client, environment.tableName),
    region: environment.region,
    // API Gateway accepts signatures for the stack's own region only: a control naming another would refuse
    // every write.
    controlRegions: [environment.region],
    policy,
    logger,
    ...(telemetry && { telemetry }),
  });
}
