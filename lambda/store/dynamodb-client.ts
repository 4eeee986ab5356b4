/**
 * The one DynamoDB client a process uses. Timeouts are short and attempts few: a request that cannot reach
 * storage should fail fast with a retryable 5xx, and let the migration tool's SDK retry, rather than hang until
 * API Gateway's 29-second limit.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export function createDynamoDbClient(
  config: Pick<DynamoDBClientConfig, 'endpoint' | 'region' | 'credentials'> = {},
) {
  return new DynamoDBClient({
    ...config,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
}
