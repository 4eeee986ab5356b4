/**
 * The API Lambda's entry point. Cold start reads the environment once and creates the one DynamoDB client that
 * every invocation reuses.
 */
import { StreamPermissions } from '../access/policy';
import { lambdaTelemetry, powertoolsLogger } from '../observability/powertools';
import { createDynamoDbClient } from '../store/dynamodb-client';
import { composeApiHandler } from './compose';
import { readApiEnvironment } from './environment';

const environment = readApiEnvironment();
const logger = powertoolsLogger();

export const handler = composeApiHandler(environment, {
  client: createDynamoDbClient(),
  policy: new StreamPermissions(environment.streamRules),
  logger,
  telemetry: lambdaTelemetry(logger),
});
