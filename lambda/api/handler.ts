/**
 * The API Lambda's entry point. Cold start reads the environment once and creates the one DynamoDB client that
 * every invocation reuses.
 */
import { StreamPermissions } from '../access/policy';
import { lambdaTelemetry, powertoolsLogger } from '../observability/powertools';
import { DynamoDbApplicationStore } from '../store/dynamodb-application-store';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { DynamoDbHomeRegionStore } from '../store/dynamodb-home-region-store';
import { DynamoDbTaskStore } from '../store/dynamodb-task-store';
import { createApiHandler } from './create-api-handler';
import { readApiEnvironment } from './environment';

const environment = readApiEnvironment();
const logger = powertoolsLogger();
const client = createDynamoDbClient();

export const handler = createApiHandler({
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
  policy: new StreamPermissions(environment.streamRules),
  logger,
  telemetry: lambdaTelemetry(logger),
});
